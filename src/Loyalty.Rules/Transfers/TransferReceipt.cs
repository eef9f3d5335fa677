using System;
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

    /// <summary>The text the signature covers: every field, each as its length and its value, so no two receipts share one.</summary>
    internal string SignedText(string programId)
    {
        var text = new StringBuilder("loyalty-transfer-receipt/1");
        void Field(string? value) => text.Append('|').Append(value?.Length ?? -1).Append(':').Append(value);
        Field(programId);
        Field(TransferId);
        Field(FromMemberId);
        Field(ToMemberId);
        Field(HouseholdId);
        Field(At.ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(Points.ToString());
        Field(Fee.ToString());
        foreach (var piece in Pieces)
        {
            Field(FormattableString.Invariant($"{piece.Points}@{piece.ExpiresAt?.ToUnixTimeTicks()}/{piece.AvailableAt.ToUnixTimeTicks()}"));
        }

        Field(Stage.ToString());
        Field(DeclinedBecause);
        return text.ToString();
    }

    /// <summary>The signature of the receipt's content under <paramref name="key"/>.</summary>
    internal string SignatureUnder(byte[] key, string programId) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(SignedText(programId))));

    /// <summary>Whether the receipt's signature is that of its content under <paramref name="key"/> (compared in constant time).</summary>
    internal bool IsSignedWith(byte[] key, string programId)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SignatureUnder(key, programId)), Encoding.ASCII.GetBytes(Signature ?? ""));

    /// <inheritdoc />
    public bool Equals(TransferReceipt? other)
        => other is not null && TransferId == other.TransferId && FromMemberId == other.FromMemberId && ToMemberId == other.ToMemberId
           && HouseholdId == other.HouseholdId && At == other.At && Points == other.Points && Fee == other.Fee && Pieces.SequenceEqual(other.Pieces)
           && Stage == other.Stage && DeclinedBecause == other.DeclinedBecause && Signature == other.Signature;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TransferId, Stage, Signature);
}
