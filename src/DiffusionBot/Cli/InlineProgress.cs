namespace DiffusionBot.Cli;

/// <summary>Reports on the calling thread, in order (unlike <see cref="Progress{T}"/>, which posts to the pool).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
