namespace Loyalty.Rules;

/// <summary>
/// The names of what the library reports through <see cref="System.Diagnostics.Metrics.Meter"/> and
/// <see cref="System.Diagnostics.ActivitySource"/>, both named <see cref="Name"/>. Nothing is measured or allocated when
/// nobody listens; with OpenTelemetry, <c>.AddMeter(LoyaltyTelemetry.Name)</c> and <c>.AddSource(LoyaltyTelemetry.Name)</c>.
/// Every instrument carries the tag <see cref="ProgramTag"/> (the program's id); the tags below say what else.
/// </summary>
public static class LoyaltyTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Loyalty.Rules";

    /// <summary>Counter of ledger events and due work processed (<c>{event}</c>), tagged <see cref="KindTag"/> and <see cref="StatusTag"/>.</summary>
    public const string EventsProcessed = "loyalty.ledger.events";

    /// <summary>Counter of points earned into lots (<c>{point}</c>; held points count when held, under <see cref="Holds"/>, not here).</summary>
    public const string PointsAccrued = "loyalty.points.accrued";

    /// <summary>Counter of points redeemed (<c>{point}</c>), donations included.</summary>
    public const string PointsRedeemed = "loyalty.points.redeemed";

    /// <summary>Counter of points expired (<c>{point}</c>).</summary>
    public const string PointsExpired = "loyalty.points.expired";

    /// <summary>Counter of fraud holds (<c>{hold}</c>), tagged <see cref="HoldTag"/>: <c>placed</c>, <c>released</c> or <c>voided</c>.</summary>
    public const string Holds = "loyalty.holds";

    /// <summary>Counter of campaign budget claims in applied outcomes (<c>{claim}</c>), tagged <see cref="ClaimTag"/>: <c>granted</c>, <c>partial</c> or <c>refused</c>.</summary>
    public const string BudgetClaims = "loyalty.budget.claims";

    /// <summary>Counter of purchases evaluated by the accrual evaluator (<c>{evaluation}</c>), itemized or total only.</summary>
    public const string Evaluations = "loyalty.accrual.evaluations";

    /// <summary>The activity around one ledger call (<c>Process</c>, <c>ProcessWithBudgets</c>, <c>Expire</c>, <c>PayDividends</c>), tagged <see cref="KindTag"/>, <see cref="StatusTag"/> and <see cref="EventIdTag"/>.</summary>
    public const string ProcessActivity = "loyalty.ledger.process";

    /// <summary>Tag: the program's id.</summary>
    public const string ProgramTag = "loyalty.program";

    /// <summary>Tag: the event kind, snake case (<c>purchase</c>, <c>refund</c>, <c>referral_award</c>, ...), or the due work (<c>expire</c>, <c>dividends</c>).</summary>
    public const string KindTag = "loyalty.event.kind";

    /// <summary>Tag: the ledger status, snake case (<c>applied</c>, <c>held</c>, <c>duplicate</c>, <c>rejected</c>, <c>awaiting_budget</c>).</summary>
    public const string StatusTag = "loyalty.ledger.status";

    /// <summary>Tag (activities only): the event's id, or the due work's id (<c>expire@{ticks}</c>).</summary>
    public const string EventIdTag = "loyalty.event.id";

    /// <summary>Tag: what happened to a hold.</summary>
    public const string HoldTag = "loyalty.hold";

    /// <summary>Tag: how a budget claim was decided.</summary>
    public const string ClaimTag = "loyalty.claim.status";
}
