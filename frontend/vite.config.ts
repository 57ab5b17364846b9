/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const outDir = resolve(import.meta.dirname, 'dist');

// keepGitkeep cleans dist/ itself instead of letting Vite empty it, because
// dist/.gitkeep is committed so `go build` works on a fresh clone (see embed.go).
function keepGitkeep(): Plugin {
  return {
    name: 'confer-keep-gitkeep',
    apply: 'build',
    buildStart() {
      mkdirSync(outDir, { recursive: true });
      for (const name of readdirSync(outDir)) {
        if (name !== '.gitkeep') rmSync(join(outDir, name), { recursive: true, force: true });
      }
    },
    closeBundle() {
      writeFileSync(join(outDir, '.gitkeep'), '');
    },
  };
}

// compressible lists the asset types worth compressing (images such as PNG
// are compressed already).
const compressible = /\.(js|css|svg|json|txt|map)$/;

// precompress writes NAME.br and NAME.gz beside each hashed asset once the
// build is on disk, at the highest levels (done once, so the time is free),
// so the server sends compressed bytes without compressing on each request
// (server/spa.go picks one from Accept-Encoding). A copy that saves under 10%
// is not written: the server then sends the file as it is.
function precompress(): Plugin {
  return {
    name: 'confer-precompress',
    apply: 'build',
    closeBundle() {
      const dir = join(outDir, 'assets');
      for (const name of readdirSync(dir)) {
        if (!compressible.test(name)) continue;
        const data = readFileSync(join(dir, name));
        const copies: [string, Buffer][] = [
          [
            '.br',
            brotliCompressSync(data, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
                [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
                [zlib.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            }),
          ],
          ['.gz', gzipSync(data, { level: 9 })],
        ];
        for (const [ext, packed] of copies) {
          if (packed.length < data.length * 0.9) writeFileSync(join(dir, name + ext), packed);
        }
      }
    },
  };
}

export default defineConfig({
  plugins: [preact(), keepGitkeep(), precompress()],
  resolve: {
    alias: [
      {
        // The design system's CSS icons, so Vite bundles the ones our CSS uses.
        find: /^@nhsuk-images\//,
        replacement: `${resolve(import.meta.dirname, 'node_modules/nhsuk-frontend/dist/nhsuk/assets/images')}/`,
      },
    ],
  },
  build: {
    outDir,
    emptyOutDir: false,
    assetsDir: 'assets',
    target: 'es2020',
    // Keep every asset a file: the CSP (default-src 'self') forbids data: URLs.
    assetsInlineLimit: 0,
    sourcemap: false,
    // The 2-core CI box makes the Sass step look slow; the timing report is noise.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  css: {
    preprocessorOptions: {
      scss: { quietDeps: true },
    },
  },
  server: {
    // npm run dev proxies the API to a running `confer serve` (CONFER_DEV_API).
    proxy: { '/api': process.env.CONFER_DEV_API ?? 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // One happy-dom for all test files, not a fresh one per file: setting up 18 of them
    // was three quarters of the run (measured: 18 s and 22 s of CPU isolated, 5 s not).
    // The tests render into and clean up their own containers, so none leans on
    // another's leftovers.
    isolate: false,
  },
});
