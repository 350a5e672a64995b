export const CSP: string;
export const DEV_CSP: string;
export const CSP_HEADER_ONLY: string;
export function pageCsp(html: string): string;
export function withPageCsp(html: string): string;
