using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Cli;

/// <summary><c>tokens "prompt" [--model folder]</c>: the CLIP token count and what would be cut off at 77 tokens.</summary>
internal static class TokensCommand
{
    public const string Usage = "tokens \"prompt\" [--model folder]";

    public static (string Prompt, string? ModelPath) Parse(CliArguments args)
    {
        if (args.Positional.Count == 0)
            throw new CliUsageException("tokens needs a prompt: " + Usage);
        var model = args.GetString("model");
        args.ThrowIfUnknownOptions();
        return (string.Join(' ', args.Positional), model);
    }

    public static async Task<int> ExecuteAsync(IDiffusionEngine engine, string prompt, TextWriter stdout, CancellationToken cancellationToken)
    {
        var tokens = await engine.CountTokensAsync(prompt, cancellationToken);
        var usable = PromptTokens.MaxTokens - 2;
        stdout.WriteLine($"{tokens.TokenCount} tokens ({usable} fit; {PromptTokens.MaxTokens} with start/end markers).");
        stdout.WriteLine(tokens.WasTruncated
            ? $"Cut off at {PromptTokens.MaxTokens}: \"{tokens.TruncatedText}\""
            : "Nothing is cut off.");
        return 0;
    }
}
