using System;
using System.IO;
using System.Linq;
using Loyalty.Rules.Tool;
using Spectre.Console;

// What would it cost to move double points from Tuesday to Monday and let Gold start at $800 instead of $1,000?
// The `loyalty whatif` command over the generated sample history (a year of 10,000 members), or over the CSV history
// given as the first argument (further arguments go to the command: --members 2000, --chart out.png, ...).
// Writes whatif-liability.png in the current folder.
string programs = Path.Combine(AppContext.BaseDirectory, "programs");
string[] command = ["whatif", Path.Combine(programs, "p1-coffee.json"), Path.Combine(programs, "p1-coffee-candidate.json"), .. args];
return LoyaltyCommand.Run(command.ToList(), AnsiConsole.Console, Environment.CurrentDirectory);
