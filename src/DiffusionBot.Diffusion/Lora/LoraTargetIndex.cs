using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// Finds every Linear/Conv weight of an exported model through its graph: Optimum keeps the module path in node
/// names (<c>/down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_q/MatMul</c>) while the weight itself may be
/// an anonymous <c>onnx::MatMul_N</c> initializer stored transposed. Targets are looked up by the module path with
/// dots replaced by underscores, which is how kohya names layers and what a PEFT path becomes the same way; UNets
/// also answer to the original Stable Diffusion (SGM) block names that SDXL kohya LoRAs use.
/// </summary>
internal sealed class LoraTargetIndex
{
    private readonly Dictionary<string, LoraTarget> _byFlatName;

    private LoraTargetIndex(Dictionary<string, LoraTarget> byFlatName, IReadOnlyList<LoraTarget> targets)
    {
        _byFlatName = byFlatName;
        Targets = targets;
    }

    public IReadOnlyList<LoraTarget> Targets { get; }

    public static LoraTargetIndex Build(OnnxGraph graph, LoraComponent component)
    {
        var transposedFrom = graph.Nodes
            .Where(n => n.OpType == "Transpose" && n.Input.Count == 1 && n.Output.Count == 1 && graph.Initializers.ContainsKey(n.Input[0]))
            .ToDictionary(n => n.Output[0], n => n.Input[0], StringComparer.Ordinal);
        var targets = new List<LoraTarget>();
        var byPath = new Dictionary<string, LoraTarget>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            if (node.OpType is not ("MatMul" or "Gemm" or "Conv") || node.Input.Count < 2)
                continue;
            var weightName = node.Input[1];
            var flipped = false;
            if (!graph.Initializers.ContainsKey(weightName) && transposedFrom.TryGetValue(weightName, out var source))
            {
                weightName = source;
                flipped = true;
            }

            if (!graph.Initializers.TryGetValue(weightName, out var initializer))
                continue;
            var layout = LayoutOf(node, flipped);
            var rankOk = layout == WeightLayout.Conv ? initializer.Dims.Length == 4 : initializer.Dims.Length == 2;
            var path = ModulePath(node.Name) ?? (weightName.EndsWith(".weight", StringComparison.Ordinal) ? weightName[..^".weight".Length] : null);
            if (!rankOk || string.IsNullOrEmpty(path) || byPath.ContainsKey(path))
                continue;
            var target = new LoraTarget(path, initializer, layout);
            byPath[path] = target;
            targets.Add(target);
        }

        var byFlatName = new Dictionary<string, LoraTarget>(StringComparer.Ordinal);
        foreach (var target in targets)
            byFlatName.TryAdd(Flatten(target.ModulePath), target);
        if (component == LoraComponent.Unet)
        {
            var layersPerBlock = SgmUnetNames.LayersPerBlock(byPath.Keys);
            foreach (var target in targets)
            {
                if (SgmUnetNames.FromDiffusers(target.ModulePath, layersPerBlock) is { } sgm)
                    byFlatName.TryAdd(Flatten(sgm), target);
            }
        }

        return new LoraTargetIndex(byFlatName, targets);
    }

    /// <summary>The target named <paramref name="flatName"/> (a module path with '.' replaced by '_').</summary>
    public bool TryFind(string flatName, out LoraTarget target) => _byFlatName.TryGetValue(flatName, out target!);

    public static string Flatten(string modulePath) => modulePath.Replace('.', '_');

    private static WeightLayout LayoutOf(NodeProto node, bool flipped)
    {
        if (node.OpType == "Conv")
            return WeightLayout.Conv;
        var stored = node.OpType == "Gemm" && node.Attribute.Any(a => a.Name == "transB" && a.I == 1) ? WeightLayout.OutIn : WeightLayout.InOut;
        return flipped ? (stored == WeightLayout.InOut ? WeightLayout.OutIn : WeightLayout.InOut) : stored;
    }

    /// <summary>"/a/b.0/c/MatMul" → "a.b.0.c"; null when the node name carries no module path.</summary>
    private static string? ModulePath(string nodeName)
    {
        if (!nodeName.StartsWith('/'))
            return null;
        var segments = nodeName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length < 2 ? null : string.Join('.', segments[..^1]);
    }
}
