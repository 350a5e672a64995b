export const PRESENTER_HEAD: string;
