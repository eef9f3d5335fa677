using System;
using System.Buffers;
using System.Collections.Immutable;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Where a transfer stands, as a receipt says.</summary>
public enum TransferStage
{
    /// <summary>The giver's side was applied: the points left the giving account; deliver the receipt to the receiver.</summary>
    Sent,

    /// <summary>The receiver's account could not take the points (see <see cref="TransferReceipt.DeclinedBecause"/>); deliver the receipt to the giver, whose reversal returns them.</summary>
    Declined,
}

/// <summary>Points of one expiry in a transfer.</summary>
/// <param name="Points">How many.</param>
/// <param name="ExpiresAt">When they expire in the giving account, or null for never.</param>
/// <param name="AvailableAt">When they become spendable (later than the transfer only for a contribution of pending points).</param>
public readonly record struct TransferredPoints(Points Points, Instant? ExpiresAt, Instant AvailableAt);

/// <summary>
/// What one side of a transfer hands the other, signed by the ledger that made it: the giver's side returns one
/// <see cref="TransferStage.Sent"/> (<see cref="LedgerOutcome.Transfer"/>) for the receiver's <see cref="TransferInEvent"/>; a
/// receiver's side that declines returns one <see cref="TransferStage.Declined"/> for the giver's
/// <see cref="TransferReversalEvent"/>. The ledger refuses a receipt whose signature is not its own (forged, or altered
/// after signing); store and send it as <see cref="ToJson"/> writes it.
/// </summary>
public sealed record TransferReceipt
{
    [JsonConstructor]
    internal TransferReceipt()
    {
    }

    /// <summary>The transfer id (the events' ids derive from it).</summary>
    [JsonInclude]
    public string TransferId { get; internal init; } = "";

    /// <summary>The giving member.</summary>
    [JsonInclude]
    public string FromMemberId { get; internal init; } = "";

    /// <summary>The receiving member (or household pool).</summary>
    [JsonInclude]
    public string ToMemberId { get; internal init; } = "";

    /// <summary>The household both are members of, for a transfer within one; else null.</summary>
    [JsonInclude]
    public string? HouseholdId { get; internal init; }

    /// <summary>When the transfer happened (both sides record it at this instant).</summary>
    [JsonInclude]
    public Instant At { get; internal init; }

    /// <summary>The points the receiver gets.</summary>
    [JsonInclude]
    public Points Points { get; internal init; }

    /// <summary>The fee the giver paid on top.</summary>
    [JsonInclude]
    public Points Fee { get; internal init; }

    /// <summary>The points given by expiry in the giving account, soonest first (they sum to <see cref="Points"/>).</summary>
    [JsonInclude]
    public ImmutableArray<TransferredPoints> Pieces { get; internal init; } = [];

    /// <summary>For a contribution to a household that qualifies for tiers as one, what the member's event qualified; else null.</summary>
    [JsonInclude]
    public QualifyingActivity? Qualifying { get; internal init; }

    /// <summary>Sent or declined.</summary>
    [JsonInclude]
    public TransferStage Stage { get; internal init; }

    /// <summary>Why the receiver declined, for a declined receipt; else null.</summary>
    [JsonInclude]
    public string? DeclinedBecause { get; internal init; }

    /// <summary>The ledger's signature: an HMAC-SHA-256 of every field above (see <see cref="LedgerProcessor.WithReceiptKey"/>).</summary>
    [JsonInclude]
    public string Signature { get; internal init; } = "";

    /// <summary>The receipt as JSON, to store or send.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, LedgerJson.Default.TransferReceipt);

    /// <summary>Reads a receipt written by <see cref="ToJson"/>; the ledger checks its signature when it is used.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The receipt.</returns>
    /// <exception cref="JsonException">The text is not a receipt; the message gives the JSON path.</exception>
    public static TransferReceipt FromJson(string json)
    {
        var receipt = JsonSerializer.Deserialize(Preconditions.NotNull(json, nameof(json)), LedgerJson.Default.TransferReceipt)
            ?? throw new JsonException("$: a receipt is required, not null.");
        string? missing = string.IsNullOrEmpty(receipt.TransferId) ? "transferId" : string.IsNullOrEmpty(receipt.FromMemberId) ? "fromMemberId"
            : string.IsNullOrEmpty(receipt.ToMemberId) ? "toMemberId" : string.IsNullOrEmpty(receipt.Signature) ? "signature" : null;
        return missing is null ? receipt with { Pieces = receipt.Pieces.IsDefault ? [] : receipt.Pieces } : throw new JsonException($"$.{missing}: is required.");
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? scratch;

    [ThreadStatic]
    private static (byte[]? Key, IncrementalHash? Hmac) signer;

    /// <summary>
    /// The signature of the receipt's content under <paramref name="key"/>: the HMAC-SHA-256 of every field, each as the
    /// length of its UTF-8, a colon and the UTF-8, each number in digits, the pieces after their count (so no two receipts
    /// share a text), as 64 lower-case hex digits.
    /// </summary>
    internal string SignatureUnder(byte[] key, string programId)
    {
        Span<byte> mac = stackalloc byte[32];
        Sign(key, programId, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether the receipt's signature is that of its content under <paramref name="key"/> (compared in constant time).</summary>
    internal bool IsSignedWith(byte[] key, string programId)
    {
        Span<byte> mac = stackalloc byte[32];
        Sign(key, programId, mac);
        return Signs(mac, Signature);
    }

    /// <summary>Whether <paramref name="signature"/> (64 hex digits) is <paramref name="mac"/>, compared in constant time.</summary>
    internal static bool Signs(ReadOnlySpan<byte> mac, string? signature)
    {
        Span<byte> stated = stackalloc byte[32];
        return signature is { Length: 64 } && Convert.FromHexString(signature, stated, out _, out int written) == OperationStatus.Done
            && written == 32 && CryptographicOperations.FixedTimeEquals(mac, stated);
    }

    private void Sign(byte[] key, string programId, Span<byte> mac)
    {
        var text = scratch ??= new ArrayBufferWriter<byte>(512);
        text.ResetWrittenCount();
        Field(text, "loyalty-transfer-receipt/1");
        Field(text, programId);
        Field(text, TransferId);
        Field(text, FromMemberId);
        Field(text, ToMemberId);
        Field(text, HouseholdId);
        Field(text, At.ToUnixTimeTicks());
        Field(text, Points.Value);
        Field(text, Fee.Value);
        Field(text, Pieces.Length);
        foreach (var piece in Pieces)
        {
            Field(text, piece.Points.Value);
            Field(text, piece.ExpiresAt?.ToUnixTimeTicks());
            Field(text, piece.AvailableAt.ToUnixTimeTicks());
        }

        if (Qualifying is { } q)
        {
            Field(text, q.At.ToUnixTimeTicks());
            Field(text, q.Spend.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Field(text, q.Points.Value);
            Field(text, q.Transactions);
            Field(text, q.Nights);
            Field(text, q.Referrals);
            Field(text, q.TierCredits.Value);
        }
        else
        {
            Field(text, (long?)null);
        }

        Field(text, (long)Stage);
        Field(text, DeclinedBecause);
        var (keyed, hmac) = signer;
        if (!ReferenceEquals(keyed, key))
        {
            hmac?.Dispose();
            signer = (key, hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key)); // kept per thread for the ledger's key: no context set up per receipt
        }

        hmac!.AppendData(text.WrittenSpan);
        hmac.GetHashAndReset(mac);
    }

    private static void Field(ArrayBufferWriter<byte> text, string? value)
    {
        int length = value is null ? -1 : Encoding.UTF8.GetByteCount(value);
        Field(text, (long)length);
        if (value is not null)
        {
            var span = text.GetSpan(length + 1);
            span[0] = (byte)':'; // the length ends here: the value's bytes follow
            text.Advance(1 + Encoding.UTF8.GetBytes(value, span[1..]));
        }
    }

    private static void Field(ArrayBufferWriter<byte> text, long? value)
    {
        var span = text.GetSpan(24);
        span[0] = (byte)'|';
        if (value is not { } number)
        {
            span[1] = (byte)'-';
            text.Advance(2);
            return;
        }

        number.TryFormat(span[1..], out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        text.Advance(1 + written);
    }

    /// <inheritdoc />
    public bool Equals(TransferReceipt? other)
        => other is not null && TransferId == other.TransferId && FromMemberId == other.FromMemberId && ToMemberId == other.ToMemberId
           && HouseholdId == other.HouseholdId && At == other.At && Points == other.Points && Fee == other.Fee && Pieces.SequenceEqual(other.Pieces) && Qualifying == other.Qualifying
           && Stage == other.Stage && DeclinedBecause == other.DeclinedBecause && Signature == other.Signature;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TransferId, Stage, Signature);
}
