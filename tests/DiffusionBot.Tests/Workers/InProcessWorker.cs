using DiffusionBot.Bot.Generation;
using DiffusionBot.Cli;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DiffusionBot.Tests.Workers;

/// <summary>The real <c>worker</c> command (CliApp), run in this process until disposed; <paramref name="wrap"/> may wrap
/// its engine adapter (a gate, a hold).</summary>
internal sealed class InProcessWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _stderr = new();
    private Task<int> _run = Task.FromResult(0);

    public IImageGenerator? Generator { get; private set; }

    public string Errors => _stderr.ToString();

    public static InProcessWorker Start(IReadOnlyDictionary<string, string?> settings, Func<IImageGenerator, IImageGenerator>? wrap = null)
    {
        var worker = new InProcessWorker();
        worker._run = Task.Run(() => CliApp.RunAsync(["worker"], TextWriter.Null, worker._stderr, worker._stop.Token, settings, b =>
            b.Services.Replace(ServiceDescriptor.Singleton<IImageGenerator>(sp =>
            {
                var engine = ActivatorUtilities.CreateInstance<EngineImageGenerator>(sp);
                return worker.Generator = wrap?.Invoke(engine) ?? engine;
            }))));
        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        await _stderr.DisposeAsync();
    }
}
