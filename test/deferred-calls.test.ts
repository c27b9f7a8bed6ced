/**
 * Calls that run code later or elsewhere (`deferred` models): Celery's `delay` and `apply_async`, executors,
 * threads, FastAPI's background tasks (grammars/python/tasks.yaml), Laravel's queued jobs (grammars/php/laravel.yaml).
 * The code runs with the arguments the call gives it.
 */
import { describe, expect, it } from 'vitest';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('deferred calls', () => {
  it('run the function they name with the caller\'s data, however the arguments are handed over', async () => {
    const report = await scanReport(writeTree({
      'accounts/tasks.py': [
        'import logging',
        'import threading',
        'from concurrent.futures import ThreadPoolExecutor',
        '',
        'import requests',
        'from celery import shared_task',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        '@shared_task',
        'def send_welcome(to, greeting):',
        '    requests.post("https://api.mailvendor.example/v1/send", json={"to": to, "greeting": greeting})',
        '',
        '',
        '@shared_task',
        'def record(user_id, seen_from=None):',
        '    log.info("user %s seen from %s", user_id, seen_from)',
        '',
        '',
        'def notify(target):',
        '    log.warning("push to %s", target)',
        '',
        '',
        'def signup(conn):',
        '    row = conn.execute("SELECT email, full_name, phone, last_ip FROM users WHERE id = 1").fetchone()',
        '    send_welcome.delay(row.email, greeting=row.full_name)',
        '    send_welcome.apply_async(args=[row.email, "hi"], countdown=10)',
        '    record.apply_async((1,), {"seen_from": row.last_ip})',
        '    with ThreadPoolExecutor() as pool:',
        '        pool.submit(notify, row.phone)',
        '    threading.Thread(target=notify, args=(row.phone,), daemon=True).start()',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      '13 third_party <- table:users.email',
      '13 third_party <- table:users.full_name',
      '18 log <- table:users.last_ip',
      '22 log <- table:users.phone',
    ]);
    expect(report.jobs.filter((j) => j.kind === 'function').map((j) => `${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'signup: table:users -> api:api.mailvendor.example/v1/send',
    ]);
  });

  it('follow FastAPI background tasks and executors, and leave calls that name no function alone', async () => {
    const report = await scanReport(writeTree({
      'app.py': [
        'import asyncio',
        'import logging',
        '',
        'from fastapi import BackgroundTasks, FastAPI',
        '',
        'app = FastAPI()',
        'log = logging.getLogger("app")',
        '',
        '',
        'def audit(detail):',
        '    log.info("login from %s", detail)',
        '',
        '',
        'class Form:',
        '    def submit(self, answer):',
        '        log.info("answer %s", answer)',
        '',
        '',
        '@app.post("/login")',
        'async def login(payload: dict, background_tasks: BackgroundTasks):',
        '    background_tasks.add_task(audit, payload["ip_address"])',
        '    loop = asyncio.get_running_loop()',
        '    await loop.run_in_executor(None, audit, payload["phone"])',
        '    # A method of the program named like an executor\'s: still followed as itself.',
        '    Form().submit(payload["email"])',
        '    return {"ok": True}',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.name}`)).toEqual([
      '11 log <- payload.phone',
      '11 log <- payload.ip_address',
      '16 log <- payload.email',
    ]);
  });

  it('build a Laravel job dispatched with its arguments and run its handle(), or run a job built before', async () => {
    const report = await scanReport(writeTree({
      'app/Jobs/NotifySlack.php': [
        '<?php',
        '',
        'namespace App\\Jobs;',
        '',
        'use Illuminate\\Contracts\\Queue\\ShouldQueue;',
        'use Illuminate\\Foundation\\Bus\\Dispatchable;',
        'use Illuminate\\Support\\Facades\\Http;',
        '',
        'class NotifySlack implements ShouldQueue',
        '{',
        '    use Dispatchable;',
        '',
        '    public function __construct(private string $text)',
        '    {',
        '    }',
        '',
        '    public function handle(): void',
        '    {',
        "        Http::post('https://hooks.slack.com/services/T000/B000/XXXX', ['text' => $this->text]);",
        '    }',
        '}',
        '',
      ].join('\n'),
      'app/Http/Controllers/OrderController.php': [
        '<?php',
        '',
        'namespace App\\Http\\Controllers;',
        '',
        'use App\\Jobs\\NotifySlack;',
        'use Illuminate\\Support\\Facades\\Bus;',
        'use Illuminate\\Support\\Facades\\DB;',
        '',
        'class OrderController',
        '{',
        '    public function refund(int $id)',
        '    {',
        "        $order = DB::table('orders')->where('id', $id)->first();",
        "        NotifySlack::dispatchIf($order !== null, 'refund for ' . $order->email);",
        '    }',
        '',
        '    public function ship(int $id, $events)',
        '    {',
        "        $order = DB::table('orders')->where('id', $id)->first();",
        "        Bus::dispatch(new NotifySlack('shipped to ' . $order->shipping_address));",
        '        // An event dispatcher of the program: no job, nothing built.',
        '        $events->dispatch($order);',
        '    }',
        '}',
        '',
      ].join('\n'),
    }));
    expect(report.jobs.filter((j) => j.kind === 'function').map((j) => `${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'OrderController.refund: table:orders -> api:hooks.slack.com/services/T000/B000/XXXX',
      'OrderController.ship: table:orders -> api:hooks.slack.com/services/T000/B000/XXXX',
      'NotifySlack.handle: table:orders -> api:hooks.slack.com/services/T000/B000/XXXX',
    ]);
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      'app/Jobs/NotifySlack.php:19 third_party <- table:orders.email',
      'app/Jobs/NotifySlack.php:19 third_party <- table:orders.shipping_address',
    ]);
  });

  it('call a RabbitMQ consumer\'s callback with the queue\'s messages', async () => {
    const report = await scanReport(writeTree({
      'publisher.py': [
        'import json',
        '',
        'import pika',
        '',
        '',
        'def publish(conn):',
        '    channel = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq")).channel()',
        '    for email, phone in conn.execute("SELECT email, phone FROM users").fetchall():',
        '        channel.basic_publish(exchange="", routing_key="signups", body=json.dumps({"email": email, "phone": phone}))',
        '',
      ].join('\n'),
      'worker.py': [
        'import json',
        'import logging',
        '',
        'import pika',
        '',
        'log = logging.getLogger("worker")',
        '',
        '',
        'def on_signup(channel, method, properties, body):',
        '    signup = json.loads(body)',
        '    log.info("signup %s", signup["email"])',
        '    channel.basic_ack(delivery_tag=method.delivery_tag)',
        '',
        '',
        'def main():',
        '    channel = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq")).channel()',
        '    channel.queue_declare(queue="signups", durable=True)',
        '    channel.basic_consume(queue="signups", on_message_callback=on_signup)',
        '    channel.start_consuming()',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      'publisher.py:9 queue <- table:users.phone',
      'publisher.py:9 queue <- table:users.email',
      'worker.py:11 log <- topic:signups.email',
    ]);
  });

  it('leave bound tasks\' own first parameter, spread arguments and typed pools right, and a program\'s own add_task alone', async () => {
    const report = await scanReport(writeTree({
      'billing.py': [
        'import logging',
        'from multiprocessing import Pool',
        '',
        'import requests',
        'from celery import shared_task',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        '@shared_task(bind=True, max_retries=3)',
        'def send_receipt(self, to):',
        '    log.info("attempt %s", self.request.retries)',
        '    log.info("receipt to %s", to)',
        '',
        '',
        '@shared_task',
        'def archive(value):',
        '    log.error("archive %s", value)',
        '',
        '',
        'def audit(value):',
        '    log.warning("audit %s", value)',
        '',
        '',
        'def remind(value):',
        '    log.warning("remind %s", value)',
        '',
        '',
        'def notify(owner):',
        '    requests.post("https://hooks.example.com/notify", json={"owner": owner})',
        '',
        '',
        'class Todo:',
        '    def __init__(self):',
        '        self.items = []',
        '',
        '    def add_task(self, title, owner=None):',
        '        self.items.append((title, owner))',
        '',
        '',
        'def checkout(conn, pool_size):',
        '    row = conn.execute("SELECT email, phone, ssn, iban, full_name FROM users WHERE id = 1").fetchone()',
        '    send_receipt.delay(row.email)',
        '    later = [row.iban]',
        '    archive.delay(*later)',
        '    with Pool(pool_size) as p:',
        '        p.apply_async(audit, (row.phone,))',
        '    Pool(2).apply_async(remind, args=(row.full_name,))',
        '    todo = Todo()',
        '    todo.add_task(notify, row.ssn)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      // `self` is the task: `to` is what delay() passes, and `self.request.retries` nobody's data.
      '13 log <- table:users.email',
      '18 log <- table:users.iban',
      '22 log <- table:users.phone',
      '26 log <- table:users.full_name',
    ]);
    // Todo.add_task only stores `notify`: checkout sends nothing to the hook.
    expect(report.jobs.filter((j) => j.unit === 'checkout' && j.kind === 'function')).toEqual([]);
  });

  it('build no job from a class\'s own static dispatch(), and follow an executor the program extends', async () => {
    const report = await scanReport(writeTree({
      'Notifier.php': [
        '<?php',
        '',
        'use Illuminate\\Support\\Facades\\Http;',
        'use Illuminate\\Support\\Facades\\Log;',
        '',
        'class Notifier',
        '{',
        "    public function __construct(string $channel = 'default')",
        '    {',
        "        Http::post('https://metrics.example.com/notifier-created', ['channel' => $channel]);",
        '    }',
        '',
        '    public static function dispatch(string $email): void',
        '    {',
        "        Log::debug('dispatching');",
        '    }',
        '}',
        '',
        'function store(array $request): void',
        '{',
        "    Notifier::dispatch($request['email']);",
        '}',
        '',
      ].join('\n'),
      'pool.py': [
        'from concurrent.futures import ThreadPoolExecutor',
        '',
        'import requests',
        '',
        '',
        'class ContextExecutor(ThreadPoolExecutor):',
        '    def submit(self, fn, *args, **kwargs):',
        '        return super().submit(fn, *args, **kwargs)',
        '',
        '',
        'def push(phone):',
        '    requests.post("https://push.example.com/send", json={"to": phone})',
        '',
        '',
        'def notify(user):',
        '    with ContextExecutor() as pool:',
        '        pool.submit(push, user.phone_number)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.name}`)).toEqual([
      'pool.py:12 third_party <- user.phone_number',
      'pool.py:12 third_party <- phone',
    ]);
  });

  it('run a Laravel job given to a controller\'s dispatch() or to the bus', async () => {
    const report = await scanReport(writeTree({
      'app/Jobs/SyncContact.php': [
        '<?php',
        '',
        'namespace App\\Jobs;',
        '',
        'use Illuminate\\Contracts\\Queue\\ShouldQueue;',
        'use Illuminate\\Support\\Facades\\Http;',
        '',
        'class SyncContact implements ShouldQueue',
        '{',
        '    public function __construct(private string $contact)',
        '    {',
        '    }',
        '',
        '    public function handle(): void',
        '    {',
        "        Http::post('https://api.crmvendor.example/v2/contacts', ['contact' => $this->contact]);",
        '    }',
        '}',
        '',
      ].join('\n'),
      'app/Http/Controllers/SignupController.php': [
        '<?php',
        '',
        'namespace App\\Http\\Controllers;',
        '',
        'use App\\Jobs\\SyncContact;',
        'use Illuminate\\Contracts\\Bus\\Dispatcher;',
        '',
        'class SignupController',
        '{',
        '    public function __construct(private Dispatcher $bus)',
        '    {',
        '    }',
        '',
        '    public function store(array $request): void',
        '    {',
        "        $this->dispatch(new SyncContact($request['email']));",
        '    }',
        '',
        '    public function storeViaBus(array $request): void',
        '    {',
        "        $this->bus->dispatch(new SyncContact($request['phone']));",
        '    }',
        '}',
        '',
      ].join('\n'),
    }));
    expect(report.jobs.filter((j) => j.kind === 'function').map((j) => `${j.unit}: -> ${j.outputs.join(', ')}`)).toEqual([
      'SignupController.store: -> api:api.crmvendor.example/v2/contacts',
      'SignupController.storeViaBus: -> api:api.crmvendor.example/v2/contacts',
    ]);
  });

  it('call the function an executor or a pool maps over a collection with each element', async () => {
    const report = await scanReport(writeTree({
      'sync.py': [
        'from concurrent.futures import ThreadPoolExecutor',
        'from multiprocessing import Pool',
        '',
        'import requests',
        '',
        '',
        'def upload(contact):',
        '    requests.post("https://api.crmvendor.example/v2/contacts", json={"contact": contact})',
        '',
        '',
        'def audit(entry):',
        '    print("audit", entry)',
        '',
        '',
        'def sync(conn):',
        '    rows = conn.execute("SELECT email, phone FROM users").fetchall()',
        '    with ThreadPoolExecutor(max_workers=8) as executor:',
        '        list(executor.map(upload, [r.email for r in rows]))',
        '    with Pool(4) as p:',
        '        p.map(audit, [r.phone for r in rows])',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      '8 third_party <- table:users.email',
      '12 stdout <- table:users.phone',
    ]);
  });

  it('run a function made with functools.partial with its bound arguments first', async () => {
    const report = await scanReport(writeTree({
      'jobs.py': [
        'import functools',
        'import json',
        'import logging',
        'from concurrent.futures import ThreadPoolExecutor',
        'from functools import partial',
        '',
        'import pika',
        'import requests',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'def upload(session, contact):',
        '    session.post("https://api.crmvendor.example/v2/contacts", json={"contact": contact})',
        '',
        '',
        'def on_message(store, channel, method, properties, body):',
        '    event = json.loads(body)',
        '    log.info("stored %s in %s", event["email"], store)',
        '',
        '',
        'def sync(conn):',
        '    session = requests.Session()',
        '    rows = conn.execute("SELECT email, phone FROM users").fetchall()',
        '    with ThreadPoolExecutor() as executor:',
        '        executor.map(partial(upload, session), [r.email for r in rows])',
        '        # A bound argument that is a call still takes its place.',
        '        executor.map(partial(upload, requests.Session()), [r.phone for r in rows])',
        '',
        '',
        'def consume():',
        '    channel = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq")).channel()',
        '    channel.basic_consume(queue="signups", on_message_callback=functools.partial(on_message, "crm"))',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      '14 third_party <- table:users.phone',
      '14 third_party <- table:users.email',
      // The queue's message is the callback's fourth argument after the one the partial bound.
      '19 log <- topic:signups.email',
    ]);
  });

  it('run the Celery task send_task() names by its module and function, with the arguments it gives', async () => {
    const report = await scanReport(writeTree({
      'billing/__init__.py': '',
      'billing/tasks.py': [
        'import logging',
        '',
        'import requests',
        'from celery import shared_task',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        '@shared_task',
        'def charge(card_number, amount, email=None):',
        '    log.info("charging %s for %s", card_number, amount)',
        '    requests.post("https://payments.vendor.example/v1/charges", json={"card": card_number, "amount": amount, "receipt_to": email})',
        '',
      ].join('\n'),
      'web/__init__.py': '',
      'web/checkout.py': [
        'from celery import current_app',
        '',
        '',
        'def place_order(request):',
        '    card = request.POST["card_number"]',
        '    current_app.send_task("billing.tasks.charge", args=[card, 1999], kwargs={"email": request.POST["email"]})',
        '',
      ].join('\n'),
    }));
    // Before, the task's flows started at its own parameters only (named like a card number and an e-mail address).
    expect(report.flows.filter((f) => f.source.file === 'web/checkout.py').map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.name}`).sort()).toEqual([
      'billing/tasks.py:11 log <- request.POST.card_number',
      'billing/tasks.py:12 third_party <- request.POST.card_number',
      'billing/tasks.py:12 third_party <- request.POST.email',
    ]);
  });
});
