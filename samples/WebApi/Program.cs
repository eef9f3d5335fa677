using Loyalty.Rules.Samples.WebApi;

var app = LoyaltyApi.Build(args);
app.Run();
