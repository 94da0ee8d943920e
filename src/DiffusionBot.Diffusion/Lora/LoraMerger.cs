using System.Numerics.Tensors;
using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// Computes the merged weights of one model component for a set of LoRAs: for every layer a LoRA names,
/// W' = W + Σ weight · scale · (up · down), laid out like the initializer (transposed for MatMul weights) and
/// stored in the initializer's own element type. Layers that match nothing are counted; a LoRA that matches
/// little of the model is refused with the family it seems to be for.
/// </summary>
internal static class LoraMerger
{
    /// <summary>Which of a LoRA's layers found a target in the model's components.</summary>
    public sealed record MatchReport(string LoraName, int Matched, int Unmatched, IReadOnlyList<string> UnmatchedKeys);

    /// <summary>Counts matches of every module of <paramref name="network"/> against the available components and
    /// refuses the LoRA when most of it matches nothing.</summary>
    public static MatchReport Match(LoraNetwork network, IReadOnlyDictionary<LoraComponent, LoraTargetIndex> components)
    {
        var unmatched = new List<string>(network.UnrecognisedKeys);
        var matched = 0;
        foreach (var module in network.Modules)
        {
            if (components.TryGetValue(module.Component, out var index) && index.TryFind(module.FlatName, out _))
                matched++;
            else
                unmatched.Add(module.Key);
        }

        var total = matched + unmatched.Count;
        if (total == 0)
            throw new LoraFileException($"LoRA '{network.Name}' holds no LoRA layers (no lora_down/lora_up or lora_A/lora_B weights).");
        if (matched * 2 <= total)
        {
            throw new LoraFileException(
                $"LoRA '{network.Name}' does not fit this model: {unmatched.Count} of its {total} layers match nothing here. " +
                $"It seems to be for {LoraFamilyGuess.Describe(network)}.");
        }

        return new MatchReport(network.Name, matched, unmatched.Count, unmatched);
    }

    public static IReadOnlyList<MergedWeight> Merge(OnnxGraph graph, LoraTargetIndex index, LoraComponent component, IReadOnlyList<LoraApplication> loras)
    {
        var deltas = new Dictionary<string, (LoraTarget Target, float[] Delta)>(StringComparer.Ordinal);
        foreach (var (network, weight) in loras)
        {
            if (weight == 0f)
                continue;
            foreach (var module in network.Modules)
            {
                if (module.Component != component || !index.TryFind(module.FlatName, out var target))
                    continue;
                CheckShapes(network.Name, module, target);
                if (!deltas.TryGetValue(target.Initializer.Name, out var entry))
                    deltas[target.Initializer.Name] = entry = (target, new float[target.Initializer.ElementCount]);
                AddDelta(module, target.Layout, weight * module.Scale, entry.Delta);
            }
        }

        var merged = new List<MergedWeight>(deltas.Count);
        foreach (var (target, delta) in deltas.Values)
            merged.Add(Apply(graph, target, delta, loras));
        return merged;
    }

    private static void CheckShapes(string lora, LoraModule module, LoraTarget target)
    {
        if (module.OutFeatures != target.OutFeatures || module.InFeatures != target.InFeatures)
        {
            throw new LoraFileException(
                $"LoRA '{lora}' layer {module.Key} changes a [{module.OutFeatures} × {module.InFeatures}] weight, but this model's " +
                $"{target.ModulePath} is [{target.OutFeatures} × {target.InFeatures}] (initializer {target.Initializer.ShapeText}); the LoRA is for another model.");
        }
    }

    /// <summary>delta += s · up[out, r] · down[r, in]; for a MatMul weight the product is added transposed ([in, out]).</summary>
    private static void AddDelta(LoraModule module, WeightLayout layout, float s, float[] delta)
    {
        var rank = (int)module.Rank;
        var inFeatures = (int)module.InFeatures;
        var outFeatures = (int)module.OutFeatures;
        var up = module.Up;
        var down = module.Down;
        if (layout == WeightLayout.InOut)
        {
            var column = new float[outFeatures];
            for (var i = 0; i < inFeatures; i++)
            {
                Array.Clear(column);
                for (var r = 0; r < rank; r++)
                {
                    var d = down[r * inFeatures + i];
                    for (var o = 0; o < outFeatures; o++)
                        column[o] += up[o * rank + r] * d;
                }

                var row = delta.AsSpan(i * outFeatures, outFeatures);
                TensorPrimitives.MultiplyAdd(column, s, row, row);
            }

            return;
        }

        var acc = new float[inFeatures];
        for (var o = 0; o < outFeatures; o++)
        {
            Array.Clear(acc);
            for (var r = 0; r < rank; r++)
                TensorPrimitives.MultiplyAdd(down.AsSpan(r * inFeatures, inFeatures), up[o * rank + r], acc, acc);
            var row = delta.AsSpan(o * inFeatures, inFeatures);
            TensorPrimitives.MultiplyAdd(acc, s, row, row);
        }
    }

    private static MergedWeight Apply(OnnxGraph graph, LoraTarget target, float[] delta, IReadOnlyList<LoraApplication> loras)
    {
        var initializer = target.Initializer;
        var values = graph.ReadSingles(initializer);
        TensorPrimitives.Add(values, delta, values);
        if (initializer.DataType == TensorProto.Types.DataType.Float16)
        {
            var halves = new Half[values.Length];
            TensorPrimitives.ConvertToHalf(values, halves);
            foreach (var h in halves)
            {
                if (!Half.IsFinite(h))
                    throw OutOfRange(target, loras, "float16");
            }

            return new MergedWeight(initializer, null, halves);
        }

        foreach (var v in values)
        {
            if (!float.IsFinite(v))
                throw OutOfRange(target, loras, "float32");
        }

        return new MergedWeight(initializer, values, null);
    }

    private static LoraFileException OutOfRange(LoraTarget target, IReadOnlyList<LoraApplication> loras, string type) =>
        new($"LoRA {string.Join(", ", loras.Select(l => $"'{l.Network.Name}' at {l.Weight}"))} pushes {target.ModulePath} out of the {type} range; lower the LoRA weight.");
}
