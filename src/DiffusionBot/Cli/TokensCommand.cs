using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Prompts;

namespace DiffusionBot.Cli;

/// <summary><c>tokens "prompt" [--json] [--model folder]</c>: the token count, the problems, what would be cut, each
/// weighted span and each chunk; with --json every chunk's ids and weights. Exit code 2 when the prompt would be refused.</summary>
internal static class TokensCommand
{
    public const string Usage = "tokens \"prompt\" [--json] [--model folder]";

    public const string JsonFlag = "json";

    public static (string Prompt, bool Json, string? ModelPath) Parse(CliArguments args)
    {
        if (args.Positional.Count == 0)
            throw new CliUsageException("tokens needs a prompt: " + Usage);
        var json = args.GetFlag(JsonFlag);
        var model = args.GetString("model");
        args.ThrowIfUnknownOptions();
        return (string.Join(' ', args.Positional), json, model);
    }

    public static async Task<int> ExecuteAsync(IDiffusionEngine engine, string prompt, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var analysis = await engine.AnalyzePromptAsync(prompt, cancellationToken);
        if (json)
        {
            await stdout.WriteLineAsync(TokensReport.ToJson(analysis));
        }
        else
        {
            foreach (var line in TokensReport.Lines(analysis))
                await stdout.WriteLineAsync(line);
        }

        foreach (var problem in analysis.Problems)
            await stderr.WriteLineAsync(problem);
        return analysis.Problems.Count == 0 ? 0 : 2;
    }
}
