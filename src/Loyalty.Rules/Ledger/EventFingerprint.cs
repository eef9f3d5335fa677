using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Rules;

/// <summary>
/// A hash of an event's content, so that the same id with other content is told apart from a re-delivery: the XXH64
/// of a canonical text's UTF-8, as 16 hex digits. 64 bits are plenty for this: the fingerprint is compared only with
/// the one event of the same id in one account (a different content passes for the same with odds of 2^-64), and it
/// is no signature (the host builds the events), so a fast non-cryptographic hash does. Accounts of format 1 hold
/// the first 128 bits of the SHA-256 of the same text (32 digits): <see cref="Matches"/> computes that one for them.
/// </summary>
internal static class EventFingerprint
{
    /// <summary>The hex digits of a fingerprint this version makes.</summary>
    public const int Length = 16;

    [ThreadStatic]
    private static CanonicalText? scratch;

    [ThreadStatic]
    private static XxHash64? hasher;

    [ThreadStatic]
    private static byte[]? utf8;

    public static string Of(LedgerEvent e)
    {
        var text = scratch ?? new CanonicalText();
        scratch = null; // taken: a nested call (none today) would get its own
        var chars = Write(text.Clear(), e).Written;

        // The text's UTF-8 (a lone surrogate as a string encodes it) goes to a hash kept per thread: no string is made.
        int most = Encoding.UTF8.GetMaxByteCount(chars.Length);
        var bytes = utf8 is { } kept && kept.Length >= most ? kept : utf8 = new byte[Math.Max(most, 1024)];
        var hash = hasher ??= new XxHash64();
        hash.Reset();
        hash.Append(bytes.AsSpan(0, Encoding.UTF8.GetBytes(chars, bytes)));
        scratch = text;
        return Hex(hash.Digest());
    }

    /// <summary>The 16 upper-case hex digits of <paramref name="value"/>, as <c>ToString("X16")</c> writes them.</summary>
    private static string Hex(ulong value) => string.Create(Length, value, static (digits, v) =>
    {
        for (int i = digits.Length - 1; i >= 0; i--, v >>= 4)
        {
            digits[i] = "0123456789ABCDEF"[(int)(v & 0xF)];
        }
    });

    /// <summary>
    /// Whether a stored fingerprint is that of <paramref name="e"/>, whose fingerprint is <paramref name="computed"/>:
    /// the same, or for a fingerprint of format 1 (32 digits) the SHA-256 of the event's text it was.
    /// </summary>
    public static bool Matches(string stored, string computed, LedgerEvent e)
        => stored.Length == Format1Length ? string.Equals(stored, Format1(e), StringComparison.Ordinal) : string.Equals(stored, computed, StringComparison.Ordinal);

    /// <summary>The fingerprint format 1 stored: the first 16 bytes of the SHA-256 of the text's UTF-8 (only to compare with accounts of then).</summary>
    internal static string Format1(LedgerEvent e) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Text(e))).AsSpan(0, Format1Length / 2));

    private const int Format1Length = 32;

    /// <summary>The canonical text the fingerprint hashes (for the tests: <see cref="Of"/> hashes it without making a string).</summary>
    internal static string Text(LedgerEvent e) => Write(new CanonicalText(), e).Written.ToString();

    private static CanonicalText Write(CanonicalText text, LedgerEvent e)
    {
        text.Append(e.GetType().Name).Append('|').Append(e.Id).Append('|').Append(e.MemberId).Append('|').Append(e.At.ToUnixTimeTicks());
        switch (e)
        {
            case PurchaseEvent p:
                Append(text, p.Transaction);
                break;
            case ActivityAccrualEvent a:
                text.Append('|').Append(a.Activity.Kind).Append('|').Append(a.Activity.CustomName).Append('|').Append(a.Activity.Channel);
                break;
            case RefundEvent r:
                Append(text, r.Original);
                foreach (var line in r.Returned)
                {
                    text.Append('|').Append(line.LineIndex).Append('x').AppendNumber(line.Quantity);
                }

                break;
            case RedemptionEvent r:
                text.Append('|').Append(r.Points).Append('|').Append(r.Cause);
                if (r.RedeemedBy is not null)
                {
                    text.Append("|by:").Append(r.RedeemedBy); // only when set: the fingerprints of earlier redemptions stay
                }

                break;
            case RedemptionCancellationEvent c:
                text.Append('|').Append(c.RedemptionId);
                break;
            case AdjustmentEvent a:
                text.Append('|').Append(a.Points).Append('|').Append(a.Reason);
                break;
            case HoldReviewEvent h:
                text.Append('|').Append(h.HeldEventId).Append('|').Append(h.Resolution).Append('|').Append(h.Reason);
                break;
            case ReferralAwardEvent r:
                text.Append('|').Append(r.ReferralId).Append('|').Append(r.Side).Append('|').Append(r.HoldReason);
                break;
            case TierOverrideEvent o:
                text.Append('|').Append(o.TierId).Append('|').Append(o.OverrideKind).Append('|').Append(o.Until?.ToUnixTimeTicks());
                break;
            case PaidTierEvent p:
                text.Append('|').Append(p.TierId).Append('|').Append(p.PaidUntil?.ToUnixTimeTicks());
                break;
            case RewardRedemptionEvent r:
                text.Append('|').Append(r.RewardId).Append('|').Append(r.VoucherId).Append('|').Append(r.Channel);
                break;
            case VoucherUseEvent v:
                text.Append('|').Append(v.VoucherId).Append('|').Append(v.TransactionId);
                break;
            case ChallengeEnrolmentEvent c:
                text.Append('|').Append(c.ChallengeId);
                break;
            case TransferOutEvent t:
                text.Append('|').Append(t.ToMemberId).Append('|').Append(t.Points).Append('|').Append(t.HouseholdId);
                break;
            case TransferInEvent t:
                text.Append('|').Append(t.Receipt.Signature);
                break;
            case TransferReversalEvent t:
                text.Append('|').Append(t.Receipt.Signature);
                break;
            case HouseholdMembershipEvent h:
                text.Append('|').Append(h.HouseholdId).Append('|').Append(h.Member).Append('|').Append(h.Change).Append('|').Append(h.Side).Append('|').Append(h.MayRedeem);
                break;
            case AccountClosureEvent c:
                text.Append('|').Append(c.IntoMemberId);
                break;
            case AccountMergeEvent m:
                text.Append('|').Append(m.Receipt.Signature);
                break;
        }

        return text;
    }

    private static void Append(CanonicalText text, Transaction t)
    {
        text.Append('|').Append(t.DrawSeed).Append('|').Append(t.Currency).Append('|').Append(t.Channel).Append('|').Append(t.StoreId).Append('|').Append(t.PartnerId)
            .Append('|').AppendNumber(t.OrderDiscount).Append('|').AppendNumber(t.Tax).Append('|').AppendNumber(t.Shipping).Append('|').AppendNumber(t.PaidWithPoints);
        foreach (var line in t.Lines)
        {
            text.Append("|L:").Append(line.Sku).Append(',').Append(line.Category).Append(',').AppendNumber(line.Quantity)
                .Append(',').AppendNumber(line.UnitPrice).Append(',').AppendNumber(line.Discount);
        }
    }

    /// <summary>
    /// A number as the format "0.############################" writes it (the fingerprints' format since they began):
    /// trailing zeros do not change content, 1.5 and 1.50 are the same price; no exponent, "0." before a fraction, "-"
    /// before a negative, and zero of either sign is "0". Written digit by digit from the decimal's integer and scale,
    /// which is the same text without the formatter's cost.
    /// </summary>
    internal static string Number(decimal value) => new CanonicalText().AppendNumber(value).Written.ToString();
}

/// <summary>
/// The canonical text of an event as it is written (a growable buffer of characters kept per thread): the appends
/// <see cref="System.Text.StringBuilder"/> had, each writing the same characters (numbers in the invariant culture).
/// </summary>
internal sealed class CanonicalText
{
    private char[] buffer = new char[256];
    private int length;

    /// <summary>The text written since <see cref="Clear"/>.</summary>
    public ReadOnlySpan<char> Written => buffer.AsSpan(0, length);

    public CanonicalText Clear()
    {
        length = 0;
        return this;
    }

    public CanonicalText Append(char c)
    {
        Room(1)[0] = c;
        length++;
        return this;
    }

    public CanonicalText Append(char c, int count)
    {
        Room(count)[..count].Fill(c);
        length += count;
        return this;
    }

    public CanonicalText Append(string? s)
    {
        if (s is not null)
        {
            s.CopyTo(Room(s.Length));
            length += s.Length;
        }

        return this;
    }

    public CanonicalText Append(long n)
    {
        n.TryFormat(Room(20), out int written, default, CultureInfo.InvariantCulture);
        length += written;
        return this;
    }

    public CanonicalText Append(int n) => Append((long)n);

    /// <summary>Anything else as its <c>ToString()</c>, nothing for null (what <see cref="System.Text.StringBuilder.Append(object)"/> wrote).</summary>
    public CanonicalText Append<T>(T value) => Append(value?.ToString());

    public CanonicalText AppendNumber(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if ((bits[0] | bits[1] | bits[2]) == 0)
        {
            return Append('0'); // zero of either sign and scale
        }

        int scale = (bits[3] >> 16) & 0xFF;
        Span<char> digits = stackalloc char[40]; // 2^96 has 29 digits
        int count;
        if (bits[2] == 0)
        {
            unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]).TryFormat(digits, out count, default, CultureInfo.InvariantCulture); // prices and quantities: 64 bits do
        }
        else
        {
            unchecked(((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0]).TryFormat(digits, out count, default, CultureInfo.InvariantCulture);
        }

        for (; scale > 0 && digits[count - 1] == '0'; scale--)
        {
            count--; // trailing zeros of the fraction
        }

        if (bits[3] < 0)
        {
            Append('-');
        }

        if (count <= scale)
        {
            Append('0').Append('.').Append('0', scale - count); // a fraction: "0." and its leading zeros
            digits[..count].CopyTo(Room(count));
            length += count;
            return this;
        }

        int whole = count - scale;
        var to = Room(count + 1);
        digits[..whole].CopyTo(to);
        to[whole] = '.';
        digits[whole..count].CopyTo(to[(whole + 1)..]);
        length += scale == 0 ? whole : count + 1; // no point without a fraction
        return this;
    }

    /// <summary>At least <paramref name="count"/> free characters after the text.</summary>
    private Span<char> Room(int count)
    {
        if (buffer.Length - length < count)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + count));
        }

        return buffer.AsSpan(length);
    }
}
