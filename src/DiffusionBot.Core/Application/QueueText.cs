using System.Globalization;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Application;

/// <summary>The /queue answer.</summary>
public static class QueueText
{
    public static string Build(QueueView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var text = string.Create(CultureInfo.InvariantCulture, $"{view.Waiting} job(s) waiting, {view.Running.Count} running.");
        if (view.Yours.Count == 0) return text;
        var positions = view.Yours.Select(e => e.Position.ToString(CultureInfo.InvariantCulture)).ToArray();
        return TextFit.Join(text + " Yours at position ", positions, ", ", MessageLimits.Content - 1) + ".";
    }
}
