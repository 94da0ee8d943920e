using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>A <see cref="RunOptions"/> whose <c>Terminate</c> flag follows a cancellation token, so a cancel
/// also stops an ONNX run that is under way. One per request; dispose after the last run.</summary>
internal sealed class CancellableRun : IDisposable
{
    private readonly CancellationTokenRegistration _registration;

    public CancellableRun(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        Options = new RunOptions();
        _registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, Options);
    }

    public RunOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    public void Run(OnnxModel model, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs,
        IReadOnlyCollection<string> outputNames, IReadOnlyCollection<OrtValue> outputs)
    {
        CancellationToken.ThrowIfCancellationRequested();
        model.Observer?.OnRun(model.File, inputNames, inputs);
        try
        {
            model.Session.Run(Options, inputNames, inputs, outputNames, outputs);
        }
        catch (OnnxRuntimeException) when (CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(CancellationToken);
        }
    }

    public IDisposableReadOnlyCollection<OrtValue> Run(OnnxModel model, IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames)
    {
        CancellationToken.ThrowIfCancellationRequested();
        model.Observer?.OnRun(model.File, inputNames, inputs);
        try
        {
            return model.Session.Run(Options, inputNames, inputs, outputNames);
        }
        catch (OnnxRuntimeException) when (CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(CancellationToken);
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        Options.Dispose();
    }
}
