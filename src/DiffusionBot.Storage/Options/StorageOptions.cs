using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Storage.Options;

/// <summary>Section "Storage": where the LiteDB file lives and where result images go.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [Required]
    [MinLength(1)]
    public string DatabasePath { get; set; } = "data/diffusionbot.db";

    /// <summary>True: PNG files under <see cref="ImageDirectory"/>; false: inside the database (LiteDB file storage).</summary>
    public bool ImagesOnDisk { get; set; }

    [Required]
    [MinLength(1)]
    public string ImageDirectory { get; set; } = "data/images";
}
