using DiffusionBot.Diffusion.Options;
using System.Text.RegularExpressions;

namespace DiffusionBot.Models.Hub;

/// <summary>
/// <c>models pull</c>: lists the repository, refuses anything that is not an ONNX diffusers layout before downloading
/// anything big, downloads the selected files into <c>&lt;models folder&gt;/&lt;name&gt;/</c> and records the model in the catalogue.
/// </summary>
public sealed partial class ModelPuller(HubClient client, HubFileDownloader downloader, HubRetry retry)
{
    public sealed record Result(string Name, string Folder, int FileCount, long Bytes);

    /// <summary>The default catalogue name: the repository name, lower-cased, anything but letters, digits, '.', '_' and '-' made '-'.</summary>
    public static string DefaultName(HubModelReference model) => SanitizeName(model.RepoName);

    public static string SanitizeName(string name)
    {
        var cleaned = UnsafeCharacters().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-', '.');
        if (cleaned.Length == 0 || cleaned.Length > 100)
            throw new HubRequestException($"'{name}' cannot be a model name: use 1 to 100 letters, digits, '.', '_' or '-'.");
        return cleaned;
    }

    public async Task<Result> PullAsync(HubModelReference model, string name, string modelsDirectory, Action<DownloadProgress> progress,
        CancellationToken cancellationToken)
    {
        var listing = await client.ListFilesAsync(model, retry, cancellationToken);
        var prefix = model.Subfolder.Length == 0 ? "" : model.Subfolder + "/";
        var byRelativePath = listing
            .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(f => f.Path[prefix.Length..], StringComparer.Ordinal);
        var selected = OnnxDiffusersLayout.SelectFiles(model, byRelativePath.Keys);

        var folder = Path.Combine(modelsDirectory, name);
        var total = selected.Count;
        var number = 0;
        async Task FetchAsync(string relative)
        {
            var file = byRelativePath[relative];
            var current = ++number;
            var target = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
            await downloader.DownloadAsync(model, file.Path, file, target, relative,
                done => progress(new DownloadProgress(relative, current, total, done, file.Size)), cancellationToken);
        }

        // model_index.json first: it is small and says whether this is an SDXL pipeline that needs more.
        await FetchAsync(OnnxDiffusersLayout.ModelIndex);
        var modelIndexFile = Path.Combine(folder, OnnxDiffusersLayout.ModelIndex);
        try
        {
            OnnxDiffusersLayout.CheckPipeline(model, await File.ReadAllTextAsync(modelIndexFile, cancellationToken), byRelativePath.Keys);
        }
        catch (HubRequestException)
        {
            File.Delete(modelIndexFile); // leave no half model behind that looks like a model folder
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
                Directory.Delete(folder);
            throw;
        }
        foreach (var relative in selected.Where(r => r != OnnxDiffusersLayout.ModelIndex))
            await FetchAsync(relative);

        await ModelCatalogueFile.SetEntryAsync(modelsDirectory, name, new ModelEntryOptions
        {
            Path = folder,
            Description = $"Pulled from {model.RepoId}@{model.Revision}",
            Source = model.ToString(),
        }, cancellationToken);
        return new Result(name, folder, selected.Count, selected.Sum(r => Math.Max(0, byRelativePath[r].Size)));
    }

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex UnsafeCharacters();
}
