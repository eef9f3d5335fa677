using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// What an account closed by a merge hands the account that absorbs it (<see cref="AccountMergeEvent"/>), signed by
/// the ledger that closed it: its lots, its debt, the event ids, purchases and redemptions it remembers, its tier then,
/// and what its features keep (vouchers, badges, transfers given, offer uses, ...), each merged as the feature says. Store and send it as <see cref="ToJson"/> writes it; altered, it is refused.
/// </summary>
public sealed record MergeReceipt
{
    [JsonConstructor]
    internal MergeReceipt()
    {
    }

    /// <summary>The merge id.</summary>
    [JsonInclude]
    public string MergeId { get; internal init; } = "";

    /// <summary>The closed account.</summary>
    [JsonInclude]
    public string FromMemberId { get; internal init; } = "";

    /// <summary>The account that absorbs it.</summary>
    [JsonInclude]
    public string IntoMemberId { get; internal init; } = "";

    /// <summary>When it was closed.</summary>
    [JsonInclude]
    public Instant At { get; internal init; }

    /// <summary>The lots it held, each with its own expiry and availability.</summary>
    [JsonInclude]
    public ImmutableArray<PointLot> Lots { get; internal init; } = [];

    /// <summary>The debt it owed.</summary>
    [JsonInclude]
    public Points Debt { get; internal init; }

    /// <summary>Its tier when closed, or null without a ladder.</summary>
    [JsonInclude]
    public string? TierId { get; internal init; }

    /// <summary>Until when that tier was secured, or null.</summary>
    [JsonInclude]
    public Instant? TierSecuredUntil { get; internal init; }

    [JsonInclude]
    internal ImmutableArray<AppliedEvent> Applied { get; init; } = [];

    [JsonInclude]
    internal ImmutableArray<PurchaseRecord> Purchases { get; init; } = [];

    [JsonInclude]
    internal ImmutableArray<RedemptionRecord> Redemptions { get; init; } = [];

    /// <summary>Whether it had made a purchase (the absorbing account's next one is then no first purchase).</summary>
    [JsonInclude]
    internal bool HasPurchased { get; init; }

    /// <summary>Its last purchase, or null.</summary>
    [JsonInclude]
    internal Instant? LastPurchaseAt { get; init; }

    /// <summary>Its last earning or redeeming, or null (inactivity expiry counts from the later of the two accounts').</summary>
    [JsonInclude]
    internal Instant? LastActivityAt { get; init; }

    /// <summary>What the closed account's features kept, as its JSON stores it.</summary>
    [JsonInclude]
    internal Dictionary<string, JsonElement>? State { get; init; }

    /// <summary>The closed account's feature state.</summary>
    internal MemberState ClosedState => MemberState.Read(State, out _);

    /// <summary>The transfers it gave that a reversal can still return.</summary>
    private ImmutableArray<TransferRecord> Transfers => ClosedState.Get(TransferState.Given);

    /// <summary>The ledger's signature: an HMAC-SHA-256 of the receipt's JSON without it (see <see cref="LedgerProcessor.WithReceiptKey"/>).</summary>
    [JsonInclude]
    public string Signature { get; internal init; } = "";

    /// <summary>
    /// The points that move: the lots less the debt, and the points of the redemptions that can still be cancelled
    /// (they move with their records: the closed account's redeemed total goes down by them, the absorbing one's up).
    /// </summary>
    internal long Net => Sum(Lots) - Debt.Value + Redeemed + TransferredOut + TransferFees;

    /// <summary>The points of the transfers that move (those a reversal can still return).</summary>
    internal long TransferredOut => Transfers.Sum(t => t.Points);

    /// <summary>The fees of the transfers that move.</summary>
    internal long TransferFees => Transfers.Sum(t => t.Fee);

    /// <summary>The points of the redemptions that move (those a cancellation can still return).</summary>
    internal long Redeemed
    {
        get
        {
            long sum = 0;
            foreach (var redemption in Redemptions)
            {
                sum = checked(sum + Sum(redemption.Taken));
            }

            return sum;
        }
    }

    private static long Sum(ImmutableArray<PointLot> lots)
    {
        long sum = 0;
        foreach (var lot in lots)
        {
            sum = checked(sum + lot.Remaining.Value);
        }

        return sum;
    }

    /// <summary>The receipt as JSON, to store or send.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, LedgerJson.Default.MergeReceipt);

    /// <summary>Reads a receipt written by <see cref="ToJson"/>; the ledger checks its signature when it is used.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The receipt.</returns>
    /// <exception cref="JsonException">The text is not a receipt; the message gives the JSON path.</exception>
    public static MergeReceipt FromJson(string json)
    {
        var r = JsonSerializer.Deserialize(Preconditions.NotNull(json, nameof(json)), LedgerJson.Default.MergeReceipt)
            ?? throw new JsonException("$: a receipt is required, not null.");
        string? missing = string.IsNullOrEmpty(r.MergeId) ? "mergeId" : string.IsNullOrEmpty(r.FromMemberId) ? "fromMemberId"
            : string.IsNullOrEmpty(r.IntoMemberId) ? "intoMemberId" : string.IsNullOrEmpty(r.Signature) ? "signature" : null;
        return missing is not null ? throw new JsonException($"$.{missing}: is required.") : r with
        {
            Lots = r.Lots.IsDefault ? [] : r.Lots,
            Applied = r.Applied.IsDefault ? [] : r.Applied,
            Purchases = r.Purchases.IsDefault ? [] : r.Purchases,
            Redemptions = r.Redemptions.IsDefault ? [] : r.Redemptions,
        };
    }

    /// <summary>The signature of the receipt's content under <paramref name="key"/>.</summary>
    internal string SignatureUnder(byte[] key, string programId) => Convert.ToHexStringLower(Mac(key, programId));

    /// <summary>Whether the receipt's signature is that of its content under <paramref name="key"/> (compared in constant time).</summary>
    internal bool IsSignedWith(byte[] key, string programId) => TransferReceipt.Signs(Mac(key, programId), Signature);

    /// <summary>The HMAC-SHA-256 of the program id and the receipt's JSON without its signature.</summary>
    private byte[] Mac(byte[] key, string programId)
        => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"loyalty-merge-receipt/1|{programId.Length}:{programId}|{(this with { Signature = "" }).ToJson()}"));
}
