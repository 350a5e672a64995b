// Types for Observable Framework's built-in modules used by components (resolved by Framework at build time).
declare module "observablehq:stdlib" {
  export function FileAttachment(path: string): {
    href: string;
    name: string;
    json(): Promise<unknown>;
    arrayBuffer(): Promise<ArrayBuffer>;
    url(): Promise<string>;
  };
}
