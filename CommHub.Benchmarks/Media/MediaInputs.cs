using NetVips;

namespace CommHub.Benchmarks.Media;

/// <summary>One generated test image; <see cref="Reps"/> is how many thumbnails of it each library makes.</summary>
internal sealed record MediaInput(string Size, string Format, int Width, int Height, int Reps)
{
    public string FileName => $"{Size.Replace(" ", "", StringComparison.Ordinal)}.{Format}";
    public double Megapixels => Width * (double)Height / 1_000_000;

    /// <summary>The JPEGs carry EXIF orientation 6 (a phone held upright), so the thumbnail is portrait.</summary>
    public (int Width, int Height) Upright => Format == "jpg" ? (Height, Width) : (Width, Height);
}

/// <summary>
/// A fixed, deterministic input set: photo-like content (two scales of Perlin noise over colour gradients, plus
/// sensor-like grain) so the decoders and encoders do real work, at camera sizes from 1 to 24 MP, as JPEG and PNG.
/// </summary>
internal static class MediaInputs
{
    private static readonly (string Label, int Width, int Height)[] Sizes =
        [("1 MP", 1152, 864), ("4 MP", 2304, 1728), ("12 MP", 4000, 3000), ("24 MP", 6000, 4000)];

    /// <summary>Every input gets about the same share of the run per library: fewer repetitions of the big ones.</summary>
    public static IReadOnlyList<MediaInput> Plan(bool quick)
    {
        var inputs = new List<MediaInput>();
        foreach (var format in new[] { "jpg", "png" })
            foreach (var (label, width, height) in Sizes)
            {
                var megapixels = width * (double)height / 1_000_000;
                var reps = Math.Max(2, (int)Math.Round((quick ? 8 : 48) / megapixels / 2) * 2); // even: both workers finish together
                inputs.Add(new MediaInput(label, format, width, height, reps));
            }
        return inputs;
    }

    public static void Write(IEnumerable<MediaInput> inputs, string folder)
    {
        foreach (var input in inputs)
        {
            using var pixels = Generate(input.Width, input.Height);
            if (input.Format == "jpg")
            {
                using var oriented = pixels.Mutate(m => m.Set(GValue.GIntType, "orientation", 6));
                oriented.Jpegsave(Path.Combine(folder, input.FileName), q: 90);
            }
            else
            {
                pixels.Pngsave(Path.Combine(folder, input.FileName));
            }
        }
    }

    private static Image Generate(int width, int height)
    {
        using var xy = Image.Xyz(width, height);
        using var gx = xy[0] / width;
        using var gy = xy[1] / height;
        using var broad = Image.Perlin(width, height, cellSize: width / 5, seed: 11);
        using var fine = Image.Perlin(width, height, cellSize: Math.Max(8, width / 60), seed: 12);
        using var red = broad * 70 + fine * 25 + gx * 70 + 90;
        using var green = broad * 55 - fine * 20 + gy * 80 + 80;
        using var blue = broad * -45 + fine * 30 + gx * -50 + 140;
        using var grain = Image.Gaussnoise(width, height, sigma: 3, mean: 0, seed: 13);
        using var rgb = red.Bandjoin(green, blue) + grain;
        using var clipped = rgb.Cast(Enums.BandFormat.Uchar);
        return clipped.Copy(interpretation: Enums.Interpretation.Srgb);
    }
}
