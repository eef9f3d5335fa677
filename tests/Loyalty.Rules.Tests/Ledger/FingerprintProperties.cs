using System.Globalization;
using System.Linq;
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

    [Fact]
    public void Fingerprints_OfEachEventKind_AreThoseStoredAccountsHold()
    {
        var at = NodaTime.Instant.FromUtc(2026, 3, 10, 16, 0);
        var purchase = new Transaction("T1", "M1", at, "USD", "app", [new TransactionLine("LATTE", "coffee", 2m, 4.95m, 0.50m), new TransactionLine("MUG", "merch", 1m, 12.0m)],
            orderDiscount: 1.00m, tax: 1.25m, shipping: 0m, storeId: "S1", partnerId: "P1", drawSeed: 42);
        LedgerEvent[] events =
        [
            new PurchaseEvent(purchase),
            new RefundEvent("R1", at, purchase, [new ReturnedLine(1, 1m)]),
            new RedemptionEvent("X1", "M1", at, 500, "food-bank"),
            new AdjustmentEvent("A1", "M1", at, -25, "goodwill"),
            new ActivityAccrualEvent(new ActivityEvent("V1", "M1", at, ActivityKind.Review)),
        ];
        var fingerprints = events.Select(EventFingerprint.Of).ToArray();

        // Written by the library that stored them; a change here breaks every stored account's duplicate and refund checks.
        Assert.Equal(["A43FBCB8BF223ED8", "AF78E4B6EDDDF3C2", "330F8C65E199726F", "E03CE2AF1D824ADB", "9C874FCDEF9CFB4A"], fingerprints);

        // Format 1 stored the SHA-256 of the same texts: those accounts still tell each event from the others.
        string[] format1 =
        [
            "5EE4BF61FC9BE3D487919A9F6307A3A8", "FFB00EE57CAFF0A71D0D1DE1DF78A7B0", "5608AC38252A5E3A555BEED8EB6ED900",
            "8C9281C2E0EFA6534782DFC8CA224F11", "E03C39E127F6E0ADD9A87A99C68DD455",
        ];
        for (int i = 0; i < events.Length; i++)
        {
            Assert.True(EventFingerprint.Matches(format1[i], fingerprints[i], events[i]));
            Assert.False(EventFingerprint.Matches(format1[i], fingerprints[(i + 1) % events.Length], events[(i + 1) % events.Length]));
            Assert.True(EventFingerprint.Matches(fingerprints[i], fingerprints[i], events[i]));
            Assert.False(EventFingerprint.Matches(fingerprints[i], fingerprints[(i + 1) % events.Length], events[(i + 1) % events.Length]));
        }
    }

    [Theory]
    [InlineData(1, "LATTE")]
    [InlineData(400, "caf\u00e9 \U0001F600 \u4e2d")] // text far past one chunk and the 1,024-byte buffer; pairs fall on every boundary
    [InlineData(97, "lone \ud83d surrogate \ude00")]
    public void Fingerprint_IsTheXxHash64OfTheTextsUtf8_AndFormat1sTheSha256(int lines, string sku)
    {
        var at = NodaTime.Instant.FromUtc(2026, 3, 10, 16, 0);
        var items = new System.Collections.Generic.List<TransactionLine>();
        for (int i = 0; i < lines; i++)
        {
            items.Add(new TransactionLine(sku + (i % 3 == 0 ? "\ud83d" : "") + i, "coffee", 1m, 4.95m));
        }

        var purchase = new PurchaseEvent(new Transaction("T1", "M1", at, "USD", "app", [.. items]));
        var utf8 = System.Text.Encoding.UTF8.GetBytes(EventFingerprint.Text(purchase));
        var whole = new XxHash64();
        whole.Append(utf8);
        var expected = whole.Digest().ToString("X16", CultureInfo.InvariantCulture);

        Assert.Equal(expected, EventFingerprint.Of(purchase)); // the text encoded chunk by chunk gives the bytes of the whole text
        Assert.Equal(expected, EventFingerprint.Of(purchase)); // the hash kept per thread starts clean each time
        Assert.Equal(System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(utf8))[..32], EventFingerprint.Format1(purchase));
    }
}
