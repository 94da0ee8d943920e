using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>Sees every ONNX session run just before it happens: the model file and the inputs it receives
/// (tests capture them; nothing in the engine depends on it). Called on the generating thread; the values are only
/// valid during the call.</summary>
internal interface IOnnxRunObserver
{
    void OnRun(string modelFile, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs);
}
