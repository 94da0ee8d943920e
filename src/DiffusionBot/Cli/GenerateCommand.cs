using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Bot.Generation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Cli;

/// <summary><c>generate "prompt" [--negative text] [--seed n] [--steps n] [--guidance g] [--width w] [--height h]
/// [--count 1-4] [--scheduler name] [--model name-or-folder] [--out file.png]</c>. --model is a catalogue name, or a
/// model folder (then that folder is the whole catalogue for this run). One image goes to --out; several go to
/// name-1.png … name-N.png plus the grid in name-grid.png.</summary>
internal static class GenerateCommand
{
    public const string Usage = "generate \"prompt\" [--negative text] [--seed n] [--steps n] [--guidance g] [--width w] [--height h] [--count 1-4] [--scheduler name] [--model name-or-folder] [--out file.png]";

    public static (GenerationRequest Request, string Output, string? ModelPath) Parse(CliArguments args)
    {
        if (args.Positional.Count == 0)
            throw new CliUsageException("generate needs a prompt: " + Usage);
        var request = new GenerationRequest(
            Prompt: string.Join(' ', args.Positional),
            NegativePrompt: args.GetString("negative"),
            Seed: args.GetLong("seed"),
            Steps: args.GetInt("steps"),
            Guidance: args.GetDouble("guidance"),
            Width: args.GetInt("width"),
            Height: args.GetInt("height"),
            Count: args.GetInt("count") ?? 1,
            Scheduler: args.GetString("scheduler"));
        var output = args.GetString("out") ?? "out.png";
        var model = args.GetString("model");
        args.ThrowIfUnknownOptions();
        return (request, output, model);
    }

    public static async Task<int> ExecuteAsync(IDiffusionEngine engine, GenerationRequest request, string output, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var progress = new InlineProgress<DiffusionProgress>(p => stderr.WriteLine(p.Phase ?? $"step {p.Step}/{p.TotalSteps} ({p.Elapsed.TotalSeconds:F1} s)"));
        var result = await engine.GenerateAsync(request, progress, cancellationToken);
        List<string> written;
        try
        {
            written = await WriteAsync(result, request, output, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"Cannot write the image to '{Path.GetFullPath(output)}': {ex.Message} Choose another --out path.");
            return 1;
        }


        await stdout.WriteLineAsync($"Model {result.ModelName}, scheduler {result.SchedulerName}, {result.Steps} steps, guidance {result.Guidance}, {result.Width}×{result.Height}, seed(s) {string.Join(", ", result.Seeds)}");
        if (result.TruncationNote is { } note)
            await stdout.WriteLineAsync(note);
        for (var i = 0; i < result.Images.Count; i++)
        {
            if (result.Images[i].Nsfw)
                await stdout.WriteLineAsync($"Image {i + 1} (seed {result.Images[i].Seed}) was flagged by the safety checker.");
        }

        await stdout.WriteLineAsync($"Took {result.Timings.Total.TotalSeconds:F2} s ({result.Timings.PerStep.TotalMilliseconds:F1} ms per step).");
        foreach (var path in written)
            await stdout.WriteLineAsync($"Wrote {path}");
        return 0;
    }

    /// <summary>Writes each image with its parameters (AUTOMATIC1111's infotext), and the grid with the first image's.</summary>
    private static async Task<List<string>> WriteAsync(GenerationResult result, GenerationRequest request, string output, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(output);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var pngs = result.Images
            .Select((image, i) => PngParameters.Embed(image.Png, PngParameters.Describe(result, i, request.Prompt, request.NegativePrompt)))
            .ToList();
        var written = new List<string>();
        if (pngs.Count == 1)
        {
            await File.WriteAllBytesAsync(full, pngs[0], cancellationToken);
            written.Add(full);
            return written;
        }

        var stem = Path.Combine(directory, Path.GetFileNameWithoutExtension(full));
        var extension = Path.GetExtension(full) is { Length: > 0 } e ? e : ".png";
        for (var i = 0; i < pngs.Count; i++)
        {
            var path = $"{stem}-{i + 1}{extension}";
            await File.WriteAllBytesAsync(path, pngs[i], cancellationToken);
            written.Add(path);
        }

        var gridPath = $"{stem}-grid{extension}";
        await File.WriteAllBytesAsync(gridPath, ImageGrid.ComposePng(pngs), cancellationToken);
        written.Add(gridPath);
        return written;
    }
}
