/**
 * `TF`, the tfjs namespace a caller hands in: src/lib functions take it as their first argument (the browser's
 * comes from tf.ts, Node's is "@tensorflow/tfjs"). It lives apart from tf.ts so that importing the type never
 * pulls in the browser bundle (the Node scripts, typechecked with checkJs, import src/lib).
 */
export type TF = typeof import("@tensorflow/tfjs");
