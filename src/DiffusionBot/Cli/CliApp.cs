using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Cli;

/// <summary>Dispatches the command line: <c>run</c> (default), <c>worker</c>, <c>generate</c>, <c>tokens</c>, <c>health</c>, <c>models</c>, <c>help</c>.
/// Exit codes: 0 done, 1 output not written, 2 bad usage or request, 3 model/configuration problem, 130 cancelled
/// (<c>health</c>: 0 healthy, 1 unhealthy).</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? configuration = null, Action<HostApplicationBuilder>? configure = null)
    {
        var command = args.Length == 0 ? "run" : args[0].ToLowerInvariant();
        var rest = args.Skip(1).ToArray();
        try
        {
            switch (command)
            {
                case "run":
                    return await RunHostAsync(configuration, configure, stderr, cancellationToken);
                case "worker":
                    if (rest.Length > 0) throw new CliUsageException("worker takes no arguments (configure it with Workers__Redis and Generator__DeviceId).");
                    return await WorkerCommand.ExecuteAsync(configuration, configure, stderr, cancellationToken);
                case "generate":
                {
                    var (request, output, model) = GenerateCommand.Parse(CliArguments.Parse(rest));
                    using var host = BuildCommandHost(configuration, model, configure);
                    var engine = host.Services.GetRequiredService<IDiffusionEngine>();
                    return await GenerateCommand.ExecuteAsync(engine, request, output, stdout, stderr, cancellationToken);
                }

                case "tokens":
                {
                    var (prompt, json, model) = TokensCommand.Parse(CliArguments.Parse(rest, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { TokensCommand.JsonFlag }));
                    using var host = BuildCommandHost(configuration, model, configure);
                    var engine = host.Services.GetRequiredService<IDiffusionEngine>();
                    return await TokensCommand.ExecuteAsync(engine, prompt, json, stdout, stderr, cancellationToken);
                }

                case "health":
                    if (rest.Length > 0) throw new CliUsageException("health takes no arguments.");
                    return await HealthCommand.ExecuteAsync(configuration, configure, stdout, stderr, cancellationToken);

                case "models":
                    return await ModelsCommand.ExecuteAsync(rest, configuration, configure, stdout, stderr,
                        drawProgress: ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected, cancellationToken);

                case "help" or "--help" or "-h":
                    WriteUsage(stdout);
                    return 0;
                default:
                    await stderr.WriteLineAsync($"Unknown command '{args[0]}'.");
                    WriteUsage(stderr);
                    return 2;
            }
        }
        catch (CliUsageException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 2;
        }
        catch (DiffusionRequestException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 2;
        }
        catch (DiffusionModelException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 3;
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync("Configuration is invalid: " + ex.Message);
            return 3;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("Cancelled.");
            return 130;
        }
    }

    /// <summary>The host for one command; <paramref name="model"/> (--model) is a catalogue name, or a model folder that
    /// then makes up the whole catalogue for this run. Either becomes the default model.</summary>
    private static IHost BuildCommandHost(IReadOnlyDictionary<string, string?>? configuration, string? model, Action<HostApplicationBuilder>? configure)
    {
        var overrides = new Dictionary<string, string?>(configuration ?? new Dictionary<string, string?>());
        if (model is not null)
        {
            var name = model;
            if (Directory.Exists(model))
            {
                var full = Path.GetFullPath(model);
                name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
                overrides[$"Models:Entries:{name}:Path"] = full;
            }
            overrides["Models:Default"] = name;
        }

        var builder = DiffusionHost.CreateBuilder(overrides, configure);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var host = builder.Build();
        _ = host.Services.GetRequiredService<IOptions<Diffusion.Options.GeneratorOptions>>().Value; // validate now, not mid-command
        return host;
    }

    private static Task<int> RunHostAsync(IReadOnlyDictionary<string, string?>? configuration, Action<HostApplicationBuilder>? configure, TextWriter stderr, CancellationToken cancellationToken) =>
        Bot.BotHost.RunAsync(configuration, configure, stderr, cancellationToken);

    private static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine("Usage: DiffusionBot [run | " + WorkerCommand.Usage + " | " + GenerateCommand.Usage + " | " + TokensCommand.Usage + " | " + HealthCommand.Usage + " | " + ModelsCommand.Usage + " | help]");
        writer.WriteLine("Configuration: config/appsettings.json \"Models\" (the catalogue) and \"Generator\" sections, or environment variables (Models__Entries__sd15__Path=...).");
    }
}
