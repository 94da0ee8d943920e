using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Onnx.Graph;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>One model file LoRAs can change, with its graph index (read once, on first use) and the overrides
/// every session of it carries anyway (e.g. the text encoder's extended embedding table).</summary>
internal sealed class LoraComponentModel(LoraComponent component, string modelFile, InitializerOverrides? baseOverrides = null)
{
    private readonly Lazy<(OnnxGraph Graph, LoraTargetIndex Index)> _graph = new(() =>
    {
        var graph = ReadGraph(modelFile);
        return (graph, LoraTargetIndex.Build(graph, component));
    });

    public LoraComponent Component { get; } = component;

    public string ModelFile { get; } = modelFile;

    public InitializerOverrides? BaseOverrides { get; } = baseOverrides;

    public OnnxGraph Graph => _graph.Value.Graph;

    public LoraTargetIndex Index => _graph.Value.Index;

    private static OnnxGraph ReadGraph(string file)
    {
        try
        {
            return OnnxGraph.Read(file);
        }
        catch (OnnxGraphFormatException ex)
        {
            throw new Pipeline.DiffusionModelException($"{ex.Message} LoRAs cannot be applied to it.");
        }
    }
}
