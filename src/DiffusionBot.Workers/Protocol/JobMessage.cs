using System.Text.Json;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using StackExchange.Redis;

namespace DiffusionBot.Workers.Protocol;

/// <summary>What a job stream entry carries: one of the three generator requests (source images inside it).</summary>
internal sealed record JobMessage(JobId JobId, object Request)
{
    private const string TextToImage = "txt2img";
    private const string Upscale = "upscale";
    private const string Variation = "vary";

    public NameValueEntry[] ToFields() =>
    [
        Fields.Entry("v", Fields.Version),
        Fields.Entry("job", JobId.Value),
        Fields.Entry("kind", Request switch
        {
            TextToImageRequest => TextToImage,
            UpscaleRequest => Upscale,
            VariationRequest => Variation,
            _ => throw new ArgumentException($"Unknown request type {Request.GetType().Name}."),
        }),
        Fields.Entry("request", JsonSerializer.SerializeToUtf8Bytes(Request, Request.GetType())),
    ];

    /// <summary>Reads an entry; <see cref="MessageFormatException"/> when it is not a job message of this version.</summary>
    public static JobMessage Parse(StreamEntry entry)
    {
        Fields.CheckVersion(entry);
        var id = long.TryParse(Fields.Required(entry, "job"), out var value) ? new JobId(value) : throw new MessageFormatException("Field 'job' is not a job id.");
        var json = (byte[]?)Fields.Get(entry, "request") ?? throw new MessageFormatException("Field 'request' is missing.");
        var kind = Fields.Required(entry, "kind");
        try
        {
            object? request = kind switch
            {
                TextToImage => JsonSerializer.Deserialize<TextToImageRequest>(json),
                Upscale => JsonSerializer.Deserialize<UpscaleRequest>(json),
                Variation => JsonSerializer.Deserialize<VariationRequest>(json),
                _ => throw new MessageFormatException($"Unknown job kind '{kind}'."),
            };
            return new JobMessage(id, request ?? throw new MessageFormatException("Field 'request' is null."));
        }
        catch (JsonException ex)
        {
            throw new MessageFormatException("Field 'request' is not valid JSON for a " + kind + " request: " + ex.Message, ex);
        }
    }
}
