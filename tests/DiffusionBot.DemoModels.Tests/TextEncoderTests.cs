using DiffusionBot.DemoModels.Models;
using DiffusionBot.DemoModels.Tests.Support;

namespace DiffusionBot.DemoModels.Tests;

public sealed class TextEncoderTests
{
    [Fact]
    public void Run_ColourWordsAndNoun_EmbedTheirColoursAndEverythingElseZero()
    {
        using var encoder = new ModelRunner(TextEncoderModel.Build());
        var ids = TestData.InputIds("a red watercolor fox");

        var outputs = encoder.Run(("input_ids", Tensor.Int32(ids, 1, 77)));
        var hidden = outputs["last_hidden_state"];

        Assert.Equal([1, 77, OracleSpec.HiddenSize], hidden.Shape);
        var red = OracleSpec.Colours["red"];
        var fox = OracleSpec.Colours["fox"];
        var redPosition = Array.IndexOf(ids, Id("red</w>"));
        var foxPosition = Array.IndexOf(ids, Id("fox</w>"));
        Assert.True(redPosition > 0 && foxPosition > redPosition);
        for (var token = 0; token < 77; token++)
        {
            var expected = token == redPosition ? red : token == foxPosition ? fox : OracleColour.Zero;
            Assert.Equal((float)expected.R, hidden[0, token, 0]);
            Assert.Equal((float)expected.G, hidden[0, token, 1]);
            Assert.Equal((float)expected.B, hidden[0, token, 2]);
            for (var d = 3; d < OracleSpec.HiddenSize; d++)
            {
                Assert.Equal(0f, hidden[0, token, d]);
            }
        }

        var pooled = outputs["pooler_output"];
        Assert.Equal([1, OracleSpec.HiddenSize], pooled.Shape);
        Assert.Equal((float)(red.R + fox.R), pooled[0, 0], 6);
        Assert.Equal((float)(red.G + fox.G), pooled[0, 1], 6);
        Assert.Equal((float)(red.B + fox.B), pooled[0, 2], 6);
    }

    [Fact]
    public void Run_ColourScale_ScalesTheColourEmbeddings()
    {
        using var encoder = new ModelRunner(TextEncoderModel.Build(colourScale: 0.25f));
        var ids = TestData.InputIds("red");

        var hidden = encoder.Run(("input_ids", Tensor.Int32(ids, 1, 77)))["last_hidden_state"];

        var red = OracleSpec.Colours["red"];
        Assert.Equal([(float)red.R * 0.25f, (float)red.G * 0.25f, (float)red.B * 0.25f], [hidden[0, 1, 0], hidden[0, 1, 1], hidden[0, 1, 2]]);
    }

    [Fact]
    public void Run_EveryColourWord_IsOneTokenWithItsColour()
    {
        using var encoder = new ModelRunner(TextEncoderModel.Build());
        var words = OracleSpec.Colours.Keys.ToArray();
        var ids = new int[words.Length * 77];
        for (var i = 0; i < words.Length; i++)
        {
            var row = TestData.InputIds(words[i]);
            Assert.Equal(OracleSpec.Vocabulary.EndOfTextId, row[2]);
            row.CopyTo(ids, i * 77);
        }

        var hidden = encoder.Run(("input_ids", Tensor.Int32(ids, words.Length, 77)))["last_hidden_state"];

        for (var i = 0; i < words.Length; i++)
        {
            var colour = OracleSpec.Colours[words[i]];
            Assert.Equal([(float)colour.R, (float)colour.G, (float)colour.B], [hidden[i, 1, 0], hidden[i, 1, 1], hidden[i, 1, 2]]);
            Assert.Equal([0f, 0f, 0f], [hidden[i, 0, 0], hidden[i, 2, 0], hidden[i, 76, 2]]);
        }
    }

    [Fact]
    public void Run_UnknownWordsOnly_AllZero()
    {
        using var encoder = new ModelRunner(TextEncoderModel.Build());

        var hidden = encoder.Run(("input_ids", Tensor.Int32(TestData.InputIds("a watercolor painting of mountains, 4k"), 1, 77)))["last_hidden_state"];

        Assert.All(hidden.Data, v => Assert.Equal(0f, v));
    }

    private static int Id(string token)
    {
        Assert.True(OracleSpec.Vocabulary.TryGetId(token, out var id), token);
        return id;
    }
}
