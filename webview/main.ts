// Entry of dist/webview.js (and dist/webview.css): every webview of the extension in one bundle; the
// host's HTML picks the root element to show.
// The translations are loaded before any module below evaluates.
import './l10nBundle';
// The controls every webview uses come first; each webview's own styles may refine them.
import './controls.css';
import './playground/style.css';
import './playground/main';
import './viewer/style.css';
import './viewer/viewerApp';
import './stageTable/style.css';
import './stageTable/main';
