using System.Text;
using DiffusionBot.DemoModels.Config;
using DiffusionBot.DemoModels.Models;
using DiffusionBot.DemoModels.Tokenizer;
using Google.Protobuf;

namespace DiffusionBot.DemoModels;

/// <summary>
/// Writes a complete demo model folder (diffusers ONNX Stable Diffusion layout, see <see cref="DemoModelLayout"/>).
/// Files go to a hidden sibling folder first, which then replaces the target in one rename, so a reader never
/// sees a half-written folder; the version stamp is the last file written.
/// </summary>
public static class DemoModelWriter
{
    /// <summary>Bumped whenever the written models or files change meaning.</summary>
    public const string FormatVersion = "diffusionbot-demo-model/1";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <exception cref="ArgumentException">Empty directory or invalid options.</exception>
    /// <exception cref="IOException">The folder cannot be written (the message names it).</exception>
    public static async Task WriteAsync(string directory, DemoModelOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var parent = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"The demo model folder cannot be a file system root: '{target}'.", nameof(directory));
        var name = Path.GetFileName(target);
        var staging = Path.Combine(parent, $".{name}.writing-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            await WriteFilesAsync(staging, options, cancellationToken);
            Replace(staging, target, parent, name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(staging);
            throw new IOException($"Cannot write the demo model folder '{target}': {ex.Message}", ex);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    /// <summary>Whether <paramref name="directory"/> holds every file of <paramref name="options"/>'s configuration
    /// and a stamp of this <see cref="FormatVersion"/> and configuration.</summary>
    public static bool IsComplete(string directory, DemoModelOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var stamp = Path.Combine(directory, DemoModelLayout.VersionStamp);
            return File.Exists(stamp)
                && File.ReadAllText(stamp) == StampFor(options)
                && DemoModelLayout.FilesFor(options).All(file => File.Exists(Path.Combine(directory, file)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    internal static string StampFor(DemoModelOptions options) => $"{FormatVersion}\n{options.Describe()}\n";

    private static async Task WriteFilesAsync(string root, DemoModelOptions options, CancellationToken ct)
    {
        var vocabulary = OracleSpec.Vocabulary;
        await WriteTextAsync(root, DemoModelLayout.ModelIndex, PipelineConfigFiles.ModelIndex(options), ct);
        await WriteTextAsync(root, DemoModelLayout.SchedulerConfig, PipelineConfigFiles.SchedulerConfig(options), ct);
        await WriteTextAsync(root, DemoModelLayout.FeatureExtractorConfig, PipelineConfigFiles.FeatureExtractorConfig(), ct);
        await WriteTextAsync(root, DemoModelLayout.TokenizerVocab, TokenizerFiles.Vocab(vocabulary), ct);
        await WriteTextAsync(root, DemoModelLayout.TokenizerMerges, TokenizerFiles.Merges(vocabulary), ct);
        await WriteTextAsync(root, DemoModelLayout.TokenizerConfig, TokenizerFiles.Config(), ct);
        await WriteTextAsync(root, DemoModelLayout.TokenizerSpecialTokens, TokenizerFiles.SpecialTokensMap(), ct);
        await WriteModelAsync(root, DemoModelLayout.TextEncoder, TextEncoderModel.Build(options.ColourScale), ct);
        await WriteModelAsync(root, DemoModelLayout.Unet, UnetModel.Build(options), ct);
        await WriteModelAsync(root, DemoModelLayout.VaeDecoder, VaeDecoderModel.Build(), ct);
        await WriteModelAsync(root, DemoModelLayout.VaeEncoder, VaeEncoderModel.Build(), ct);
        if (options.IncludeSafetyChecker)
        {
            await WriteModelAsync(root, DemoModelLayout.SafetyChecker, SafetyCheckerModel.Build(), ct);
        }

        if (options.IncludeUpscalers)
        {
            await WriteModelAsync(root, DemoModelLayout.UpscalerX2, UpscalerModel.Build(2), ct);
            await WriteModelAsync(root, DemoModelLayout.UpscalerX4, UpscalerModel.Build(4), ct);
        }

        await WriteTextAsync(root, DemoModelLayout.VersionStamp, StampFor(options), ct);
    }

    private static Task WriteTextAsync(string root, string relativePath, string content, CancellationToken ct) =>
        File.WriteAllTextAsync(PrepareFile(root, relativePath), content, Utf8NoBom, ct);

    private static Task WriteModelAsync(string root, string relativePath, IMessage model, CancellationToken ct) =>
        File.WriteAllBytesAsync(PrepareFile(root, relativePath), model.ToByteArray(), ct);

    private static string PrepareFile(string root, string relativePath)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static void Replace(string staging, string target, string parent, string name)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }

        var retired = Path.Combine(parent, $".{name}.old-{Guid.NewGuid():N}");
        Directory.Move(target, retired);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            if (!Directory.Exists(target))
            {
                Directory.Move(retired, target);
            }

            throw;
        }

        TryDelete(retired);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden staging folder is harmless.
        }
    }
}
