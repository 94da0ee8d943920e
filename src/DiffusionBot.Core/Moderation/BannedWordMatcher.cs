namespace DiffusionBot.Core.Moderation;

/// <summary>Finds banned words or phrases as whole words, ignoring case.</summary>
public static class BannedWordMatcher
{
    public static bool ContainsAny(string text, IEnumerable<string> bannedWords)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(bannedWords);
        foreach (var raw in bannedWords)
        {
            var word = raw?.Trim();
            if (!string.IsNullOrEmpty(word) && ContainsWord(text, word)) return true;
        }
        return false;
    }

    public static bool ContainsWord(string text, string word)
    {
        var start = 0;
        while (start <= text.Length - word.Length)
        {
            var at = text.IndexOf(word, start, StringComparison.OrdinalIgnoreCase);
            if (at < 0) return false;
            var end = at + word.Length;
            if (IsBoundary(text, at - 1) && IsBoundary(text, end)) return true;
            start = at + 1;
        }
        return false;
    }

    private static bool IsBoundary(string text, int index) =>
        index < 0 || index >= text.Length || !(char.IsLetterOrDigit(text[index]) || text[index] == '_');
}
