using DiffusionBot.Bot.Health;
using DiffusionBot.Diffusion.Options;
using System.Globalization;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Models;
using DiffusionBot.Models.Hub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Cli;

/// <summary>
/// <c>models list</c>: the catalogue and which model folders are on disk. <c>models pull owner/repo[@revision][/subfolder] [--name N]</c>:
/// downloads an ONNX diffusers export from the Hugging Face Hub into <c>Models:Directory</c> and adds it to the catalogue.
/// The Hub is <c>Hub:Endpoint</c>, else <c>HF_ENDPOINT</c>, else huggingface.co; gated repositories need <c>HF_TOKEN</c>.
/// Exit codes: 0 done, 1 download failed (run again to resume), 2 bad request or not the layout, 3 access/configuration, 130 cancelled.
/// </summary>
internal static class ModelsCommand
{
    public const string Usage = "models list | models pull owner/repo[@revision][/subfolder] [--name N]";

    /// <summary>Environment variables read through the configuration (the host adds them without a prefix).</summary>
    public const string TokenVariable = "HF_TOKEN";
    public const string EndpointVariable = "HF_ENDPOINT";

    public static async Task<int> ExecuteAsync(string[] args, IReadOnlyDictionary<string, string?>? configuration, Action<HostApplicationBuilder>? configure,
        TextWriter stdout, TextWriter stderr, bool drawProgress, CancellationToken cancellationToken)
    {
        var arguments = CliArguments.Parse(args);
        var verb = arguments.Positional.Count > 0 ? arguments.Positional[0].ToLowerInvariant() : "";
        switch (verb)
        {
            case "list":
            {
                if (arguments.Positional.Count > 1)
                    throw new CliUsageException("models list takes no arguments.");
                arguments.ThrowIfUnknownOptions();
                using var host = BuildHost(configuration, configure);
                return await ListAsync(host, stdout, cancellationToken);
            }
            case "pull":
            {
                if (arguments.Positional.Count != 2)
                    throw new CliUsageException("models pull needs one Hub repository: " + Usage);
                var name = arguments.GetString("name");
                arguments.ThrowIfUnknownOptions();
                using var host = BuildHost(configuration, configure);
                return await PullAsync(host, arguments.Positional[1], name, stdout, stderr, drawProgress, cancellationToken);
            }
            default:
                throw new CliUsageException("Usage: " + Usage);
        }
    }

    private static IHost BuildHost(IReadOnlyDictionary<string, string?>? configuration, Action<HostApplicationBuilder>? configure)
    {
        var builder = DiffusionHost.CreateBuilder(configuration, b =>
        {
            b.Services.AddHubOptions(b.Configuration);
            b.Services.AddHealthOptions(b.Configuration);
            configure?.Invoke(b);
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var host = builder.Build();
        _ = host.Services.GetRequiredService<IOptions<ModelsOptions>>().Value; // validate now, not mid-command
        _ = host.Services.GetRequiredService<IOptions<HubOptions>>().Value;
        return host;
    }

    private static async Task<int> ListAsync(IHost host, TextWriter stdout, CancellationToken cancellationToken)
    {
        var options = host.Services.GetRequiredService<IOptions<ModelsOptions>>().Value;
        var directory = ModelCatalogueFile.ResolveDirectory(options.Directory);
        await stdout.WriteLineAsync($"Catalogue: {ModelCatalogueFile.PathIn(directory)} merged with the \"Models\" configuration section.".AsMemory(), cancellationToken);
        var loaded = await LoadedInRunningBotAsync(host, cancellationToken);
        await stdout.WriteLineAsync((loaded is null
            ? "No fresh health state from a bot here (Health:StatePath), so what a running bot has loaded is not known."
            : $"Loaded in the running bot: {(loaded.Count == 0 ? "none" : string.Join(", ", loaded))}.").AsMemory(), cancellationToken);
        if (options.Entries.Count == 0)
        {
            await stdout.WriteLineAsync("No models in the catalogue yet. Add one: models pull owner/repo (see \"Getting models\" in the README).".AsMemory(), cancellationToken);
            return 0;
        }
        var catalog = host.Services.GetRequiredService<FolderModelCatalog>();
        string? problem = null;
        try
        {
            await catalog.LoadAsync(cancellationToken);
        }
        catch (Diffusion.Pipeline.DiffusionModelException ex)
        {
            problem = ex.Message;
        }
        foreach (var (name, entry) in options.Entries.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            var path = string.IsNullOrWhiteSpace(entry.Path) ? "" : Path.GetFullPath(entry.Path, directory);
            var state = path.Length > 0 && Directory.Exists(path) ? "on disk" : "missing";
            if (loaded?.Contains(name, StringComparer.OrdinalIgnoreCase) == true)
                state += ", loaded";
            var isDefault = string.Equals(name, options.Default, StringComparison.OrdinalIgnoreCase) ? " (default)" : "";
            await stdout.WriteLineAsync($"{name}{isDefault}: {state}".AsMemory(), cancellationToken);
            await stdout.WriteLineAsync($"  path: {(path.Length > 0 ? path : "(none)")}".AsMemory(), cancellationToken);
            if (problem is null && catalog.TryFind(name, out var info))
            {
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  family: {info.Family}; default {info.DefaultSize}, {info.DefaultSteps} steps (max {info.MaxSteps}), guidance {info.DefaultGuidance} ({info.MinGuidance}–{info.MaxGuidance}), {info.DefaultScheduler}").AsMemory(), cancellationToken);
                await stdout.WriteLineAsync($"  sizes: {string.Join(", ", info.Sizes)}".AsMemory(), cancellationToken);
            }
            if (entry.Description.Length > 0)
                await stdout.WriteLineAsync($"  description: {entry.Description}".AsMemory(), cancellationToken);
            if (entry.Source.Length > 0)
                await stdout.WriteLineAsync($"  source: {entry.Source}".AsMemory(), cancellationToken);
        }
        if (problem is not null)
            await stdout.WriteLineAsync($"The bot would not start with this catalogue: {problem}".AsMemory(), cancellationToken);
        return 0;
    }

    /// <summary>The models the running bot's generator holds, from the health state it writes; null when there is no
    /// such file, it is older than Health:MaxStateAge, or generation runs on workers.</summary>
    private static async Task<IReadOnlyList<string>?> LoadedInRunningBotAsync(IHost host, CancellationToken cancellationToken)
    {
        var health = host.Services.GetRequiredService<IOptions<HealthOptions>>().Value;
        var state = await HealthStateFile.ReadAsync(health.StatePath, cancellationToken);
        var now = (host.Services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        return state is null || now - state.WrittenAt > health.MaxStateAge ? null : state.LoadedModels;
    }

    private static async Task<int> PullAsync(IHost host, string repository, string? requestedName, TextWriter stdout, TextWriter stderr,
        bool drawProgress, CancellationToken cancellationToken)
    {
        var configuration = host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        var models = host.Services.GetRequiredService<IOptions<ModelsOptions>>().Value;
        var hubOptions = host.Services.GetRequiredService<IOptions<HubOptions>>().Value;
        var time = host.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        var progressBar = drawProgress ? new ConsoleProgressBar(stdout, time) : null;
        try
        {
            var model = HubModelReference.Parse(repository);
            var name = requestedName is null ? ModelPuller.DefaultName(model) : ModelPuller.SanitizeName(requestedName);
            var endpoint = hubOptions.ResolveEndpoint(configuration[EndpointVariable]);
            var token = configuration[TokenVariable];
            using var http = CreateHttpClient();
            var client = new HubClient(http, endpoint, string.IsNullOrWhiteSpace(token) ? null : token.Trim());
            var retry = new HubRetry(hubOptions, time, message =>
            {
                progressBar?.Complete();
                stderr.WriteLine(message);
            });
            var downloader = new HubFileDownloader(client, retry);
            var directory = ModelCatalogueFile.ResolveDirectory(models.Directory);
            await stdout.WriteLineAsync($"Pulling {model} from {endpoint} as '{name}'{(client.HasToken ? " (with HF_TOKEN)" : "")}...".AsMemory(), cancellationToken);
            var result = await new ModelPuller(client, downloader, retry).PullAsync(model, name, directory,
                p => progressBar?.Report(p), cancellationToken);
            progressBar?.Complete();
            await stdout.WriteLineAsync($"Pulled '{result.Name}': {result.FileCount} files, {ConsoleProgressBar.FormatBytes(result.Bytes)} in {result.Folder}.".AsMemory(), cancellationToken);
            await stdout.WriteLineAsync($"Added to {ModelCatalogueFile.PathIn(directory)}.".AsMemory(), cancellationToken);
            return 0;
        }
        catch (HubRequestException ex)
        {
            return Fail(progressBar, stderr, ex.Message, 2);
        }
        catch (Exception ex) when (ex is HubAccessException or ModelCatalogueException)
        {
            return Fail(progressBar, stderr, ex.Message, 3);
        }
        catch (HubDownloadException ex)
        {
            return Fail(progressBar, stderr, ex.Message, 1);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(progressBar, stderr, $"Could not reach the Hub: {ex.Message} Run the same pull again to resume.", 1);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progressBar?.Complete();
            await stderr.WriteLineAsync("Cancelled; run the same pull again to resume where it stopped.".AsMemory(), CancellationToken.None);
            throw;
        }
    }

    private static int Fail(ConsoleProgressBar? progressBar, TextWriter stderr, string message, int exitCode)
    {
        progressBar?.Complete();
        stderr.WriteLine(message);
        return exitCode;
    }

    private static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // HubClient follows redirects itself so the token never leaves the Hub's origin
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("DiffusionBot/1.0");
        return http;
    }
}
