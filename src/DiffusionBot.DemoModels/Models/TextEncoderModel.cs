using DiffusionBot.DemoModels.Onnx;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.DemoModels.Models;

/// <summary>CLIP text encoder stand-in: an embedding lookup where colour-word tokens carry their colour.</summary>
internal static class TextEncoderModel
{
    /// <param name="colourScale">Multiplies every colour embedding; 1 is the exact oracle.</param>
    public static ModelProto Build(float colourScale = 1f)
    {
        var vocabulary = OracleSpec.Vocabulary;
        var size = vocabulary.Tokens.Count;
        var table = new float[size * OracleSpec.HiddenSize];
        for (var id = 0; id < size; id++)
        {
            if (OracleSpec.TokenColour(id) is { } colour)
            {
                table[(id * OracleSpec.HiddenSize) + 0] = (float)colour.R * colourScale;
                table[(id * OracleSpec.HiddenSize) + 1] = (float)colour.G * colourScale;
                table[(id * OracleSpec.HiddenSize) + 2] = (float)colour.B * colourScale;
            }
        }

        var g = new OnnxGraphBuilder("demo_text_encoder");
        g.Input("input_ids", ElementType.Int32, "batch", OracleSpec.SequenceLength);
        var embeddings = g.Initializer("token_embedding", table, size, OracleSpec.HiddenSize);
        var hidden = g.Node("Gather", [embeddings, "input_ids"], "last_hidden_state", Attr.Int("axis", 0));
        g.Node("ReduceSum", [hidden, g.Int64s("sequence_axis", 1)], "pooler_output", Attr.Int("keepdims", 0));
        g.Output("last_hidden_state", ElementType.Float, "batch", OracleSpec.SequenceLength, OracleSpec.HiddenSize);
        g.Output("pooler_output", ElementType.Float, "batch", OracleSpec.HiddenSize);
        return g.Build("Demo text encoder: colour-word tokens embed to their colour in dims 0..2, all others to 0; pooler_output = sum over the sequence.");
    }
}
