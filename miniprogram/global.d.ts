/** Compile-time constants from config/dev.ts and config/prod.ts (defineConstants). */
declare const LINLI_API_BASE: string;

declare module '*.scss';
declare module '*.css';
declare module '*.png' { const src: string; export default src; }
declare module '*.svg' { const src: string; export default src; }

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by Taro at build time; branches on it are removed from the other target's bundle. */
    TARO_ENV: 'weapp' | 'h5';
  }
}
