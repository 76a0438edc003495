import * as z from 'zod';

// Imported first by every entry point. zod's fast path compiles validators with `new Function`, and
// deciding whether it may do so reads the global `navigator`, which VS Code's extension host turns
// into an error. Validating without generated code avoids both.
z.config({ jitless: true });
