using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Loyalty.Rules.Tests.Ledger;

/// <summary>Fingerprints stored in accounts must never change: the numbers in them keep the format they began with.</summary>
public class FingerprintProperties
{
    private static string Original(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    [Property(MaxTest = 20_000)]
    public Property Numbers_AreWrittenAsTheyAlwaysWere()
    {
        var decimals =
            from lo in Gen.Choose(int.MinValue, int.MaxValue)
            from mid in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
            from hi in Gen.Frequency((5, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
            from negative in Gen.Elements(false, true)
            from scale in Gen.Choose(0, 28)
            select new decimal(lo, mid, hi, negative, (byte)scale);
        return Prop.ForAll(decimals.ToArbitrary(), d => (EventFingerprint.Number(d) == Original(d)).Label($"{d}: {EventFingerprint.Number(d)} vs {Original(d)}"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.50")]
    [InlineData("0.0000001")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("-12.3400")]
    public void EdgeNumbers_AreWrittenAsTheyAlwaysWere(string text)
    {
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(Original(value), EventFingerprint.Number(value));
        Assert.Equal(Original(-value), EventFingerprint.Number(-value));
        Assert.Equal("0", EventFingerprint.Number(new decimal(0, 0, 0, true, 3)));
    }
}
