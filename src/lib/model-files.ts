/**
 * A built tfjs model as the two files `tf.loadLayersModel` reads back: `<stem>.json` (the topology and a weights
 * manifest naming the weights file) and `<stem>.weights.bin`. The tfjs namespace is passed in (see build.ts).
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { TF } from "./tf-type.js";

export interface ModelFiles {
  jsonName: string;
  json: string;
  weightsName: string;
  weights: ArrayBuffer;
}

export async function modelFiles(tf: TF, model: tfjs.LayersModel, stem: string): Promise<ModelFiles> {
  let files: ModelFiles | undefined;
  const weightsName = `${stem}.weights.bin`;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const weights = Array.isArray(a.weightData)
        ? tf.io.concatenateArrayBuffers(a.weightData)
        : ((a.weightData as ArrayBuffer | undefined) ?? new ArrayBuffer(0));
      const json = {
        format: "layers-model",
        generatedBy: a.generatedBy,
        convertedBy: null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: [weightsName], weights: a.weightSpecs ?? [] }],
      };
      files = { jsonName: `${stem}.json`, json: JSON.stringify(json), weightsName, weights };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!files) throw new Error("the model could not be serialised");
  return files;
}
