/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

export default defineConfig({
  plugins: [preact(), keepGitkeep()],
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
  },
});
