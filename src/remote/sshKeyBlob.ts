import { createHash } from 'node:crypto';

// Host keys arrive as SSH wire-format blobs: string type, then type-specific fields.

/** The key type named at the start of the blob, e.g. "ssh-ed25519". */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) throw new Error('Malformed SSH public key blob');
  const length = blob.readUInt32BE(0);
  if (4 + length > blob.length) throw new Error('Malformed SSH public key blob');
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** The fingerprint exactly as OpenSSH prints it: "SHA256:" + unpadded base64 of the blob's SHA-256. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
