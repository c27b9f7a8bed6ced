/**
 * Topics and queues join programs (fixtures/event-streams): Kafka producers and consumers in PHP, Python, C++ and C,
 * RabbitMQ and SQS. Expectations reviewed by hand against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const SQS = 'topic:https://sqs.eu-west-1.amazonaws.com/123456789012/marketing-segments';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/event-streams'));
});

describe('message brokers (fixtures/event-streams)', () => {
  it('gives every consumer a job that reads its topic or queue', () => {
    expect(report.jobs.filter((j) => j.kind === 'function').map((j) => `${j.file} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'accounts/src/Billing/InvoiceMailer.php InvoiceMailer.queueReminders: table:accounts.users, table:billing.invoices -> topic:invoice-emails',
      'accounts/src/Events/SignupPublisher.php SignupPublisher.publishSince: table:accounts.users -> topic:user-signups',
      // $consumer->subscribe(['fraud-alerts']), then $message->payload of what consume() returns.
      'accounts/src/Fraud/FraudReviewConsumer.php FraudReviewConsumer.run: topic:fraud-alerts -> table:accounts.fraud_reviews',
      // A producer known by its parameter's annotation (`producer: AIOKafkaProducer`).
      'crm-sync/crm_sync/audit.py publish_sign_in:  -> topic:audit-events',
      // confluent-kafka: subscribe() makes the consumer the handle; poll() gives its messages.
      'crm-sync/crm_sync/hubspot.py run: topic:user-signups -> api:api.hubapi.com/crm/v3/objects/contacts',
      `crm-sync/crm_sync/segments.py export_segment: table:crm.segment_members -> ${SQS}`,
      // kafka-python: iterating the KafkaConsumer built on the topic.
      'crm-sync/crm_sync/welcome.py main: topic:user-signups -> table:crm.welcome_queue',
      // librdkafka's C API: the partition list names the topic, rd_kafka_subscribe binds it to `rk`.
      'payments/src/audit_sink.c consume_audit_events: topic:audit-events -> file:/var/log/payments/audit.log',
      'payments/src/fraud_scorer.cpp run_scorer: topic:payments -> topic:fraud-alerts',
      'payments/src/payment_gateway.cpp PaymentPublisher.publish:  -> topic:payments',
      'reporting/invoice_digest.py write_digest: topic:invoice-emails -> file:exports/unpaid_invoices.csv',
      `reporting/segment_loader.py drain: ${SQS} -> table:marketing.segment_members`,
    ]);
    expect(report.gaps).toEqual([]);
  });

  it('joins producers to consumers across languages', () => {
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'table:accounts.users -> topic:invoice-emails',
      'table:accounts.users -> topic:user-signups',
      'table:billing.invoices -> topic:invoice-emails',
      `table:crm.segment_members -> ${SQS}`,
      'topic:audit-events -> file:/var/log/payments/audit.log',
      'topic:fraud-alerts -> table:accounts.fraud_reviews',
      `${SQS} -> table:marketing.segment_members`,
      'topic:invoice-emails -> file:exports/unpaid_invoices.csv',
      'topic:payments -> topic:fraud-alerts',
      'topic:user-signups -> api:api.hubapi.com/crm/v3/objects/contacts',
      'topic:user-signups -> table:crm.welcome_queue',
    ]);
  });

  it('starts a consumer\'s flows at the topic\'s column, and reads no envelope as a column', () => {
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ?? ''}.${f.source.column ?? f.source.name}`)).toEqual([
      'accounts/src/Billing/InvoiceMailer.php:26 queue <- table:accounts.users.email',
      'accounts/src/Events/SignupPublisher.php:33 queue <- table:accounts.users.phone',
      'accounts/src/Events/SignupPublisher.php:33 queue <- table:accounts.users.email',
      'crm-sync/crm_sync/audit.py:9 queue <- .session.ip_address',
      'crm-sync/crm_sync/audit.py:9 queue <- .session.email',
      'crm-sync/crm_sync/hubspot.py:23 third_party <- topic:user-signups.email',
      'crm-sync/crm_sync/segments.py:14 queue <- table:crm.segment_members.email',
      'crm-sync/crm_sync/welcome.py:21 log <- topic:user-signups.email',
      'payments/src/fraud_scorer.cpp:29 log <- topic:payments.card_number',
      // The alert's last four digits are a substring of the card number.
      'payments/src/fraud_scorer.cpp:37 queue <- topic:payments.card_number',
      'payments/src/payment_gateway.cpp:23 queue <- .charge.card_number',
      'payments/src/payment_gateway.cpp:23 queue <- .charge.email',
      'reporting/invoice_digest.py:19 file <- topic:invoice-emails.email',
    ]);
    // `message.value`, `$message->payload`, `Messages[*].Body` and `message.partition` are no columns.
    expect(report.assets.filter((a) => a.kind === 'topic').map((a) => `${a.id}: ${a.columns.join(', ')}`)).toEqual([
      'topic:audit-events: ',
      'topic:fraud-alerts: card_last4, payment_id, score',
      `${SQS}: email, lifetime_value, user_id`,
      'topic:invoice-emails: amount_due, email, invoice_id',
      'topic:payments: card_number, payment_id',
      'topic:user-signups: country, email, phone, user_id',
    ]);
  });

  it('judges a consumer\'s flows by the manifest\'s policies', () => {
    expect(report.findings.filter((f) => f.ruleId === 'policy-violation').map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'crm-sync/crm_sync/hubspot.py:23 \'signup.email\' from user-signups.email (user.contact.email) reaches a third_party sink (requests.post -> api.hubapi.com/crm/v3/objects/contacts): policy \'no-contact-or-card-data-in-logs-or-vendors\' denies third_party sinks.',
      'crm-sync/crm_sync/welcome.py:21 \'signup.email\' from user-signups.email (user.contact.email) reaches a log sink (logging.Logger.info): policy \'no-contact-or-card-data-in-logs-or-vendors\' denies log sinks.',
      'payments/src/fraud_scorer.cpp:29 \'payment.card_number\' from payments.card_number (user.financial.credit_card) reaches a log sink (spdlog.debug): policy \'no-contact-or-card-data-in-logs-or-vendors\' denies log sinks.',
    ]);
  });
});

describe('message brokers, case by case', () => {
  it('names the topic a message builder is made for, not the payload it carries', async () => {
    const report = await scanReport(writeTree({
      'publish.cpp': [
        '#include <cppkafka/cppkafka.h>',
        '',
        'void publish(cppkafka::Producer &producer) {',
        '  producer.produce(cppkafka::MessageBuilder("orders").partition(0).payload("order-created"));',
        '}',
        '',
      ].join('\n'),
    }));
    expect(report.assets.map((a) => a.id)).toEqual(['topic:orders']);
  });

  it('types a parameter by its annotation, Optional or `| None` included', async () => {
    const report = await scanReport(writeTree({
      'notify.py': [
        'from typing import Optional',
        '',
        'from kafka import KafkaProducer',
        '',
        '',
        'def notify(p: Optional[KafkaProducer], user):',
        '    p.send("account-events", user.email)',
        '',
        '',
        'def notify_again(q: KafkaProducer | None, user):',
        '    q.send("account-events", user.phone)',
        '',
        '',
        'def untyped(r, user):',
        '    r.send("account-events", user.email)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} ${f.sink.callee} <- ${f.source.name}`)).toEqual([
      '7 queue kafka.KafkaProducer.send <- user.email',
      '11 queue kafka.KafkaProducer.send <- user.phone',
    ]);
  });

  it('reads a Redis channel a program publishes to, through the messages its pub/sub object listens to', async () => {
    const report = await scanReport(writeTree({
      'events.py': [
        'import json',
        'import logging',
        '',
        'import redis',
        '',
        'log = logging.getLogger(__name__)',
        'r = redis.Redis(host="cache")',
        '',
        '',
        'def announce(conn):',
        '    for user_id, email in conn.execute("SELECT id, email FROM users").fetchall():',
        '        r.publish("new-users", json.dumps({"id": user_id, "email": email}))',
        '',
        '',
        'def listen():',
        '    pubsub = r.pubsub()',
        '    pubsub.subscribe("new-users")',
        '    for message in pubsub.listen():',
        '        user = json.loads(message["data"])',
        '        log.info("new user %s", user["email"])',
        '',
      ].join('\n'),
    }));
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['table:users -> topic:new-users']);
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      '12 queue <- table:users.email',
      '20 log <- topic:new-users.email',
    ]);
  });

  it('reads the records of a kafka-python batch, partition by partition', async () => {
    const report = await scanReport(writeTree({
      'batch.py': [
        'import json',
        'import logging',
        '',
        'from kafka import KafkaConsumer',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'def drain():',
        '    consumer = KafkaConsumer(bootstrap_servers="kafka:9092", group_id="batch")',
        '    consumer.subscribe(topics=["user-signups"])',
        '    while True:',
        '        batch = consumer.poll(timeout_ms=1000)',
        '        for partition, records in batch.items():',
        '            for record in records:',
        '                event = json.loads(record.value)',
        '                log.info("signup %s at offset %s", event["email"], record.offset)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      '17 log <- topic:user-signups.email',
    ]);
  });

  it('follows a program\'s own class whose object is named like a consumer or a producer, in every language', async () => {
    const report = await scanReport(writeTree({
      'shop/models.py': [
        'import requests',
        '',
        '',
        'class Consumer:',
        '    def __init__(self, email):',
        '        self.email = email',
        '',
        '    def subscribe(self, list_name):',
        '        requests.post("https://api.mailvendor.example/lists/members", json={"list": list_name, "email": self.email})',
        '',
      ].join('\n'),
      'shop/views.py': [
        'from .models import Consumer',
        '',
        '',
        'def join(request):',
        '    consumer = Consumer(email=request.POST["email"])',
        '    consumer.subscribe("newsletter")',
        '',
      ].join('\n'),
      'queue.cpp': [
        '#include <cstdio>',
        '#include <string>',
        '',
        'struct User { std::string email; };',
        '',
        'class Producer {',
        ' public:',
        '  void produce(const std::string &item) { printf("producing %s\\n", item.c_str()); }',
        '};',
        '',
        'void enqueue(const User &user) {',
        '  Producer producer;',
        '  producer.produce(user.email);',
        '}',
        '',
      ].join('\n'),
      'Mailing.php': [
        '<?php',
        '',
        'class MailingConsumer',
        '{',
        '    public function subscribe(string $email): void',
        '    {',
        '        error_log("subscribing " . $email);',
        '    }',
        '}',
        '',
        'function join_list(array $request): void',
        '{',
        '    $consumer = new MailingConsumer();',
        "    $consumer->subscribe($request['email']);",
        '}',
        '',
      ].join('\n'),
    }));
    expect(report.assets.filter((a) => a.kind === 'topic')).toEqual([]);
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.name}`)).toEqual([
      'Mailing.php:7 log <- request.email',
      'Mailing.php:7 log <- email',
      'queue.cpp:8 stdout <- user.email',
      'shop/models.py:9 third_party <- email',
      'shop/models.py:9 third_party <- request.POST.email',
    ]);
  });

  it('reads every topic a consumer is built on, through a consumer imported from another module too', async () => {
    const report = await scanReport(writeTree({
      'streams.py': [
        'from kafka import KafkaConsumer',
        '',
        'consumer = KafkaConsumer(bootstrap_servers="kafka:9092")',
        '',
      ].join('\n'),
      'worker.py': [
        'from kafka import KafkaConsumer',
        '',
        'from streams import consumer',
        '',
        '',
        'def orders():',
        '    consumer.subscribe(["orders"])',
        '    with open("out/orders.jsonl", "a") as out:',
        '        for message in consumer:',
        '            out.write(message.value)',
        '',
        '',
        'def money():',
        '    c = KafkaConsumer("payments", "chargebacks", bootstrap_servers="kafka:9092")',
        '    with open("out/money.jsonl", "a") as out:',
        '        for m in c:',
        '            out.write(m.value)',
        '',
      ].join('\n'),
      'tick.cpp': [
        '#include <cppkafka/cppkafka.h>',
        '#include <cstdlib>',
        '#include <string>',
        '',
        'void tick(cppkafka::Producer &producer) {',
        '  std::string topic = std::getenv("HEARTBEAT_TOPIC");',
        '  producer.produce(cppkafka::MessageBuilder(topic).payload("alive"));',
        '}',
        '',
      ].join('\n'),
    }));
    expect(report.jobs.map((j) => `${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'orders: topic:orders -> file:out/orders.jsonl',
      'money: topic:chargebacks, topic:payments -> file:out/money.jsonl',
    ]);
    // The builder's payload names no topic.
    expect(report.assets.map((a) => a.id)).toEqual(['file:out/money.jsonl', 'file:out/orders.jsonl', 'topic:chargebacks', 'topic:orders', 'topic:payments']);
  });

  it('reads the topic a program\'s subclass of a library consumer subscribes to through super()', async () => {
    const report = await scanReport(writeTree({
      'orders.py': [
        'import json',
        'import logging',
        '',
        'from kafka import KafkaConsumer',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'class OrdersConsumer(KafkaConsumer):',
        '    def subscribe(self, topics=(), pattern=None, listener=None):',
        '        log.info("subscribing to %s", topics)',
        '        super().subscribe(topics=topics, pattern=pattern, listener=listener)',
        '',
        '',
        'def main():',
        '    consumer = OrdersConsumer(bootstrap_servers="kafka:9092")',
        '    consumer.subscribe(["orders"])',
        '    for message in consumer:',
        '        log.info("order %s", json.loads(message.value)["card_number"])',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      '19 log <- topic:orders.card_number',
    ]);
  });

  it('joins an SQS queue written by the AWS SDK for PHP to its readers by the queue\'s URL', async () => {
    const report = await scanReport(writeTree({
      'Segments.php': [
        '<?php',
        '',
        'use Aws\\Sqs\\SqsClient;',
        '',
        "const SEGMENTS_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/marketing-segments';",
        '',
        'function export_segment(PDO $db, SqsClient $sqs, int $segmentId): void',
        '{',
        "    $stmt = $db->prepare('SELECT user_id, email FROM crm.segment_members WHERE segment_id = ?');",
        '    $stmt->execute([$segmentId]);',
        '    while ($row = $stmt->fetch(PDO::FETCH_ASSOC)) {',
        '        $sqs->sendMessage([',
        "            'QueueUrl' => SEGMENTS_QUEUE,",
        "            'MessageBody' => json_encode(['user_id' => $row['user_id'], 'email' => $row['email']]),",
        '        ]);',
        '    }',
        '}',
        '',
        'function drain(SqsClient $sqs): void',
        '{',
        "    $result = $sqs->receiveMessage(['QueueUrl' => SEGMENTS_QUEUE, 'MaxNumberOfMessages' => 10]);",
        "    foreach ($result->get('Messages') ?? [] as $message) {",
        "        $member = json_decode($message['Body'], true);",
        "        error_log('segment member ' . $member['email']);",
        '    }',
        '}',
        '',
      ].join('\n'),
    }));
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([`table:crm.segment_members -> ${SQS}`]);
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset}.${f.source.column}`)).toEqual([
      '12 queue <- table:crm.segment_members.email',
      `24 log <- ${SQS}.email`,
    ]);
  });

  it('reads and writes Kafka topics from Spark Structured Streaming', async () => {
    const report = await scanReport(writeTree({
      'stream.py': [
        'from pyspark.sql import SparkSession',
        'from pyspark.sql.functions import col, from_json, struct, to_json',
        '',
        'spark = SparkSession.builder.appName("orders-stream").getOrCreate()',
        '',
        'orders = (',
        '    spark.readStream.format("kafka")',
        '    .option("kafka.bootstrap.servers", "kafka:9092")',
        '    .option("subscribe", "orders")',
        '    .load()',
        '    .select(from_json(col("value").cast("string"), "order_id STRING, email STRING").alias("o"))',
        '    .select("o.*")',
        ')',
        '',
        'orders.writeStream.format("delta").option("checkpointLocation", "/chk/orders").toTable("bronze.orders")',
        '',
        'enriched = orders.select(to_json(struct("order_id")).alias("value"))',
        'enriched.writeStream.format("kafka").option("topic", "orders-enriched").option("checkpointLocation", "/chk/e").start()',
        '',
        'money = spark.readStream.format("kafka").option("subscribe", "payments, refunds").load()',
        'money.writeStream.format("delta").toTable("bronze.money")',
        '',
        '',
        'def upsert(batch, batch_id):',
        '    batch.write.mode("append").saveAsTable("silver.audit")',
        '',
        '',
        'audit = spark.readStream.format("kafka").option("subscribe", "audit").load()',
        'audit.writeStream.foreachBatch(upsert).start()',
        'spark.readStream.table("bronze.money").writeStream.format("delta").option("path", "/delta/money").start()',
        '',
      ].join('\n'),
    }));
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([
      // `.option("path", ...)` names the files a stream writes.
      'table:bronze.money -> file:/delta/money',
      // foreachBatch(upsert) calls upsert with each batch of the stream.
      'topic:audit -> table:silver.audit',
      'topic:orders -> table:bronze.orders',
      'topic:orders -> topic:orders-enriched',
      // `subscribe` lists its topics split by commas.
      'topic:payments -> table:bronze.money',
      'topic:refunds -> table:bronze.money',
    ]);
    expect(report.gaps).toEqual([]);
  });
});
