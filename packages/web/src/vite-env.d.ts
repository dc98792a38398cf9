// Vite handles CSS imports (and import.meta.env) in the web UI.
/// <reference types="vite/client" />
