// Debian's Chromium as every browser check here starts it (npm start --smoke, the e2e and viewer tests).
// Without the networking flags it tries Google's hosts, which a closed machine refuses, at every start.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
