using System.Diagnostics;

namespace DiffusionBot.Tests.Workers;

/// <summary>The built host run as its own process (<c>dotnet DiffusionBot.dll worker</c>), configured through environment
/// variables, so a test can kill it with SIGKILL like a crashed machine.</summary>
internal sealed class ChildWorker : IDisposable
{
    private readonly Process _process;

    private ChildWorker(Process process) => _process = process;

    /// <summary>The host's DLL next to the tests (the project reference copies it with its runtime config).</summary>
    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "DiffusionBot.dll");

    public static ChildWorker Start(IReadOnlyDictionary<string, string?> settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(HostDll);
        info.ArgumentList.Add("worker");
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildWorker(process);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no shutdown code runs, the job stays pending in Redis under this worker's name.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
