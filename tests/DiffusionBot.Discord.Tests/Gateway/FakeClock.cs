using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Discord.Tests.Gateway;

internal static class FakeClock
{
    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="condition"/> holds. The client logs
    /// a wait just before it starts the timer: when the test advances in between, the timer starts late and one more step
    /// makes it fall due (a repeat only happens in that rare case).
    /// </summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            time.Advance(step);
            try
            {
                await EventRecorder.WaitUntilAsync(condition, TimeSpan.FromSeconds(3), cancellationToken);
                return;
            }
            catch (TimeoutException)
            {
            }
        }

        throw new TimeoutException($"The condition did not hold after advancing the fake clock 5 × {step.TotalMilliseconds} ms.");
    }
}
