using DiffusionBot.DemoModels;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Cli;

/// <summary>The model of an empty catalogue (Models:Entries): the built-in demo model, written once (no download) to
/// Generator:DemoModelPath or data/demo-model under the content root.</summary>
internal sealed partial class DemoModelFolderProvider(IOptions<GeneratorOptions> options, IHostEnvironment environment, ILogger<DemoModelFolderProvider> logger)
    : IModelFolderProvider, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _demoFolder;

    public async ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken)
    {
        if (_demoFolder is not null)
            return _demoFolder;

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_demoFolder is null)
            {
                var folder = string.IsNullOrWhiteSpace(options.Value.DemoModelPath)
                    ? Path.Combine(environment.ContentRootPath, "data", "demo-model")
                    : Path.GetFullPath(options.Value.DemoModelPath, environment.ContentRootPath);
                await DemoModel.EnsureAsync(folder, cancellationToken);
                LogUsingDemoModel(logger, folder);
                _demoFolder = folder;
            }

            return _demoFolder;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "The model catalogue (Models:Entries) is empty; using the built-in demo model in {Folder} (known-answer colours, not Stable Diffusion).")]
    private static partial void LogUsingDemoModel(ILogger logger, string folder);
}
