using System.Collections.Immutable;
using System.Linq;
using System.Globalization;
using System.Text;

namespace Loyalty.Rules;

/// <summary>
/// The points of one event, itemized: one item per rule or modifier that acted, plus rounding and caps, so
/// that the items add up to <see cref="Total"/> and every point is explained.
/// </summary>
public sealed class AccrualResult
{
    internal AccrualResult(string programId, int programVersion, string eventId, string memberId, string currency, in AccrualTotal total, ImmutableArray<AccrualItem> items, ImmutableArray<BudgetClaim> claims = default)
        => Fill(programId, programVersion, eventId, memberId, currency, total, items, claims);

    /// <summary>The thread's result for a quiet ledger step (<see cref="AccrualEvaluator.EvaluateInPlace"/>): filled again by the next one.</summary>
    [System.ThreadStatic]
    private static AccrualResult? inPlace;

    private AccrualResult()
    {
        ProgramId = EventId = MemberId = "";
    }

    /// <summary>This thread's in-place result, filled with these values (it holds until the thread's next in-place evaluation).</summary>
    internal static AccrualResult InPlace(string programId, int programVersion, string eventId, string memberId, string currency, in AccrualTotal total, ImmutableArray<AccrualItem> items, ImmutableArray<BudgetClaim> claims)
    {
        var result = inPlace ??= new AccrualResult();
        result.Fill(programId, programVersion, eventId, memberId, currency, total, items, claims);
        return result;
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(ProgramId), nameof(EventId), nameof(MemberId))]
    private void Fill(string programId, int programVersion, string eventId, string memberId, string currency, in AccrualTotal total, ImmutableArray<AccrualItem> items, ImmutableArray<BudgetClaim> claims)
    {
        Claims = claims.IsDefault ? [] : claims;
        ProgramId = programId;
        ProgramVersion = programVersion;
        EventId = eventId;
        MemberId = memberId;
        Total = total.Points;
        ExactPoints = total.ExactPoints;
        CarriedFraction = total.CarriedFraction;
        EligibleSpend = new Money(total.EligibleSpend, currency);
        Capped = total.Capped;
        TierCredits = total.TierCredits;
        bool credits = false;
        foreach (var item in items)
        {
            credits |= item.Kind == AccrualItemKind.TierCredit;
        }

        // Most programs award no tier credits: then the items are used as they are, without a second array.
        Items = credits ? items.RemoveAll(i => i.Kind == AccrualItemKind.TierCredit) : items;
        TierCreditItems = credits ? items.RemoveAll(i => i.Kind != AccrualItemKind.TierCredit) : [];
    }

    /// <summary>The program that evaluated the event.</summary>
    public string ProgramId { get; private set; }

    /// <summary>The program version that evaluated the event (a refund must use the same).</summary>
    public int ProgramVersion { get; private set; }

    /// <summary>The transaction or activity id.</summary>
    public string EventId { get; private set; }

    /// <summary>The member.</summary>
    public string MemberId { get; private set; }

    /// <summary>The whole points awarded.</summary>
    public Points Total { get; private set; }

    /// <summary>The exact points before rounding (including any fraction carried in).</summary>
    public decimal ExactPoints { get; private set; }

    /// <summary>What to pass as <see cref="MemberContext.CarriedFraction"/> next time (0 unless the program carries fractions).</summary>
    public decimal CarriedFraction { get; private set; }

    /// <summary>The spend that earned.</summary>
    public Money EligibleSpend { get; private set; }

    /// <summary>Whether a cap reduced the total.</summary>
    public bool Capped { get; private set; }

    /// <summary>Tier credits earned beside the points: they count toward tiers and never enter the redeemable balance.</summary>
    public Points TierCredits { get; private set; }

    /// <summary>The tier-credit rules that acted (their points are tier credits, exact before flooring).</summary>
    public ImmutableArray<AccrualItem> TierCreditItems { get; private set; }

    /// <summary>The items, in the order they acted; they add up to <see cref="Total"/>.</summary>
    public ImmutableArray<AccrualItem> Items { get; private set; }

    /// <summary>
    /// The campaign-budget claims of this evaluation: pending ones (their offers paid nothing yet; decide them, commit, and
    /// evaluate again with them) and the decided ones it used. Empty for programs without budgeted offers.
    /// </summary>
    public ImmutableArray<BudgetClaim> Claims { get; private set; }

    /// <summary>Whether a claim is pending, so that the result is not final.</summary>
    public bool HasPendingClaims => Claims.Any(c => c.Status == BudgetClaimStatus.Pending);

    /// <summary>The result as a short, readable table: one line per item, then the total.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{EventId} (member {MemberId}, eligible spend {EligibleSpend})").AppendLine();
        foreach (var item in Items)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {item.RuleId,-22} {Signed(item.Points),12}  {item.Reason}{(item.FundedBy is null ? "" : $" [funded by {item.FundedBy}]")}").AppendLine();
        }

        text.Append(CultureInfo.InvariantCulture, $"  {"total",-22} {Total.Value,12}{(Capped ? "  (capped)" : "")}");
        if (TierCredits.Value != 0)
        {
            foreach (var item in TierCreditItems)
            {
                text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {item.RuleId,-22} {Signed(item.Points),12}  {item.Reason}");
            }

            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {"tier credits",-22} {TierCredits.Value,12}  (not redeemable)");
        }

        return text.ToString();
    }

    private static string Signed(decimal value) => (value >= 0 ? "+" : "") + value.ToString(CultureInfo.InvariantCulture);
}
