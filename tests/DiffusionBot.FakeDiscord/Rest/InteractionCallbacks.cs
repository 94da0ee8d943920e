namespace DiffusionBot.FakeDiscord.Rest;

/// <summary>Reads recorded interaction callbacks (POST /interactions/{id}/{token}/callback).</summary>
public static class InteractionCallbacks
{
    /// <summary>The choices of an APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (callback type 8), as (name, value) with values
    /// as their JSON text for numbers; throws when the callback is of another type.</summary>
    public static IReadOnlyList<(string Name, string Value)> AutocompleteChoices(this RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = request.Json ?? throw new InvalidOperationException($"{request} has no JSON body.");
        var type = json["type"]?.GetValue<int>();
        if (type != 8)
            throw new InvalidOperationException($"{request} is callback type {type?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, not 8 (autocomplete result).");
        var choices = json["data"]?["choices"]?.AsArray() ?? throw new InvalidOperationException($"{request} has no data.choices.");
        return [.. choices.Select(c => (c!["name"]!.GetValue<string>(), c["value"]!.GetValueKind() == System.Text.Json.JsonValueKind.String ? c["value"]!.GetValue<string>() : c["value"]!.ToJsonString()))];
    }
}
