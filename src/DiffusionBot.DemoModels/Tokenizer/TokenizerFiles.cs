using System.Text;
using System.Text.Json.Nodes;
using DiffusionBot.DemoModels.Config;

namespace DiffusionBot.DemoModels.Tokenizer;

/// <summary>The four CLIPTokenizer files of a diffusers tokenizer folder for the demo vocabulary.</summary>
internal static class TokenizerFiles
{
    public static string Vocab(DemoVocabulary vocabulary)
    {
        var json = new JsonObject();
        for (var id = 0; id < vocabulary.Tokens.Count; id++)
        {
            json[vocabulary.Tokens[id]] = id;
        }

        return JsonFiles.Serialize(json);
    }

    /// <summary>"#version: 0.2" then one "left right" pair per line, by rank.</summary>
    public static string Merges(DemoVocabulary vocabulary)
    {
        var text = new StringBuilder("#version: 0.2\n");
        foreach (var (left, right) in vocabulary.Merges)
        {
            text.Append(left).Append(' ').Append(right).Append('\n');
        }

        return text.ToString();
    }

    public static string Config() => JsonFiles.Serialize(new JsonObject
    {
        ["add_prefix_space"] = false,
        ["bos_token"] = DemoVocabulary.StartOfText,
        ["clean_up_tokenization_spaces"] = true,
        ["do_lower_case"] = true,
        ["eos_token"] = DemoVocabulary.EndOfText,
        ["errors"] = "replace",
        ["model_max_length"] = OracleSpec.SequenceLength,
        ["pad_token"] = DemoVocabulary.EndOfText,
        ["tokenizer_class"] = "CLIPTokenizer",
        ["unk_token"] = DemoVocabulary.EndOfText,
    });

    public static string SpecialTokensMap() => JsonFiles.Serialize(new JsonObject
    {
        ["bos_token"] = DemoVocabulary.StartOfText,
        ["eos_token"] = DemoVocabulary.EndOfText,
        ["pad_token"] = DemoVocabulary.EndOfText,
        ["unk_token"] = DemoVocabulary.EndOfText,
    });
}
