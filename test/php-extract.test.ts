/** The PHP extractor on small programs: namespaces and imports, classes and properties, stores, SQL building. */
import { describe, expect, it } from 'vitest';
import { phpModuleName } from '../src/extract/php/names.js';
import { extractText } from './helpers/extract.js';

describe('PHP extraction', () => {
  it('names a file\'s module by namespace and stem, and imports classes as symbols of their PSR-4 modules', async () => {
    expect(phpModuleName('app/Models/User.php', 'App.Models')).toBe('App.Models.User');
    expect(phpModuleName('public/index.php', '')).toBe('public.index');
    const facts = await extractText('app/Http/C.php', [
      '<?php',
      'namespace App\\Http;',
      'use App\\Models\\{User, Order as O};',
      'use function App\\Support\\format_email;',
      'class C extends Base {',
      '  public function f() { $u = new User(); $o = new \\Vendor\\Lib\\Thing(); return Helper::run($u); }',
      '}',
    ].join('\n'));
    expect(facts.module).toBe('App.Http.C');
    expect(facts.units.find((u) => u.name === 'C')!.bases).toEqual(['App.Http.Base.Base']);
    expect(facts.imports).toEqual([
      { local: 'User', target: 'App.Models.User.User', line: 3 },
      { local: 'O', target: 'App.Models.Order.Order', line: 3 },
      // A class named without `use` is in the file's namespace; a fully qualified one is imported as written.
      { local: '\\Vendor\\Lib\\Thing', target: 'Vendor.Lib.Thing.Thing', line: 6 },
      { local: 'Helper', target: 'App.Http.Helper.Helper', line: 6 },
    ]);
    const f = facts.units.find((u) => u.name === 'C.f')!;
    expect(f.steps.filter((s) => s.op === 'call').map((s) => s.op === 'call' && [s.callee, s.fn])).toEqual([
      ['App.Models.User', { ref: 'User' }],
      ['Vendor.Lib.Thing', { ref: '\\Vendor\\Lib\\Thing' }],
      ['App.Http.Helper.run', { ref: 'Helper', path: ['run'] }],
    ]);
  });

  it('binds constructor-promoted properties and gives class-typed parameters an instance of their class', async () => {
    const facts = await extractText('S.php', '<?php\nnamespace A;\nclass S {\n  public function __construct(private Mailer $mailer, private int $retries) {}\n}\n');
    expect(facts.units.find((u) => u.name === 'S.__init__')!.steps).toEqual([
      { op: 'call', line: 4, slot: 0, callee: 'A.Mailer', fn: { ref: 'Mailer' }, args: [] },
      { op: 'assign', line: 4, target: { name: 'mailer' }, value: [{ ref: 'mailer' }, { slot: 0 }] },
      { op: 'assign', line: 4, target: { name: 'this', path: ['mailer'] }, value: [{ ref: 'mailer' }], weak: true },
      { op: 'assign', line: 4, target: { name: 'this', path: ['retries'] }, value: [{ ref: 'retries' }], weak: true },
    ]);
  });

  it('makes stores into the session sinks, and request fields names the classifier sees', async () => {
    const facts = await extractText('login.php', "<?php\n$email = $request->input('email');\n$_SESSION['user_email'] = $email;\n$ssn = $_POST['ssn'];\n");
    expect(facts.units[0]!.steps).toEqual([
      { op: 'assign', line: 2, target: { name: 'email' }, value: [{ ref: 'request', path: ['email'] }] },
      { op: 'assign', line: 3, target: { name: '_SESSION', path: ['user_email'] }, value: [{ ref: 'email' }], weak: true },
      { op: 'sink', line: 3, kind: 'session', callee: '_SESSION[]', value: [{ ref: 'email' }] },
      { op: 'assign', line: 4, target: { name: 'ssn' }, value: [{ ref: '_POST', path: ['ssn'] }] },
    ]);
  });

  it('keeps SQL built with `.`, `.=` and interpolation for the call that runs it', async () => {
    const facts = await extractText('q.php', [
      '<?php',
      'function q(PDO $db, string $table, int $id) {',
      '  $sql = "SELECT email FROM " . $table;',
      '  $sql .= " WHERE id = {$id}";',
      '  return $db->query($sql)->fetch();',
      '}',
    ].join('\n'));
    const step = facts.units.find((u) => u.name === 'q')!.steps.find((s) => s.op === 'sql')!;
    expect(step.op === 'sql' && [step.callee, step.statement.text, step.params?.map((p) => p.value)]).toEqual([
      // The text appended on line 4 starts line 2 of the statement, so positions map back to the file.
      'PDO.query', 'SELECT email FROM __lineage_p0__\n WHERE id = __lineage_p1__', [[{ ref: 'table' }], [{ ref: 'id' }]],
    ]);
    expect(facts.gaps.map((g) => g.kind)).toEqual(['dynamic-sql']);
  });

  it('types the parameters of callbacks the models know (Sentry scopes)', async () => {
    const facts = await extractText('s.php', "<?php\n\\Sentry\\configureScope(function ($scope): void {\n  $scope->setUser(['email' => $user->email]);\n});\n");
    expect(facts.units[0]!.steps.filter((s) => s.op === 'sink')).toMatchObject([{ line: 3, kind: 'third_party', callee: 'Sentry.State.Scope.setUser' }]);
  });
});

describe('PHP names through an imported namespace', () => {
  it('resolves `Facades\\Log` under `use Illuminate\\Support\\Facades;` to the class in that namespace', async () => {
    // The rest of the name used to be glued to the namespace (`Illuminate.Support.FacadesLog`): no model matched.
    const facts = await extractText('app/Jobs/Notify.php', [
      '<?php',
      'namespace App\\Jobs;',
      'use Illuminate\\Support\\Facades;',
      'class Notify {',
      '  public function handle($email) { Facades\\Log::info("notified", ["to" => $email]); }',
      '}',
    ].join('\n'));
    const steps = facts.units.find((u) => u.name === 'Notify.handle')!.steps;
    expect(steps.map((s) => [s.op, 'callee' in s ? s.callee : undefined])).toEqual([['sink', 'Illuminate.Support.Facades.Log.info']]);
  });

  it('reads Doctrine mappings from attributes and from docblock annotations', async () => {
    const facts = await extractText('src/Entity/Payout.php', [
      '<?php',
      'namespace App\\Entity;',
      'use Doctrine\\ORM\\Mapping as ORM;',
      '/**',
      ' * @ORM\\Entity(repositoryClass="App\\Repository\\PayoutRepository")',
      ' */',
      '#[ORM\\Table(name: \'finance_payouts\')]',
      'class Payout {',
      '  /** @ORM\\Column(name="account_iban") */',
      '  private $iban;',
      '  #[ORM\\Column]',
      '  private ?string $holderName = null;',
      '  private $notMapped;',
      '  #[ORM\\ManyToOne(targetEntity: Customer::class)]',
      '  private $customer;',
      '}',
    ].join('\n'));
    expect(facts.units.find((u) => u.name === 'Payout')!.asset).toEqual({
      kind: 'table', name: 'finance_payouts', columns: ['account_iban', 'customer_id', 'holder_name'],
      repositories: ['App.Repository.PayoutRepository.PayoutRepository'],
      // Properties whose columns have other names: `$iban` is `account_iban`, `$holderName` `holder_name`.
      attributes: { holderName: 'holder_name', iban: 'account_iban' },
      // The ManyToOne: `getCustomer()` of a payout is a Customer, whose key is in the join column.
      relations: [{ field: 'customer', target: 'App.Entity.Customer.Customer', column: 'customer_id' }],
    });
  });
});
