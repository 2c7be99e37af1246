// E-mail preprocessing: quoted history, signatures, auto-replies.
#include "parley/triage.h"

#include <catch2/catch.hpp>

using namespace parley::triage;

TEST_CASE("quoted history is stripped in several languages", "[triage]") {
  auto en = strip_email("Hi, my refund still hasn't arrived.\n\nOn Mon, 4 Mar 2024 at 10:00, Shop <help@shop.example> wrote:\n> Your refund was issued.\n> Regards");
  CHECK(en.body == "Hi, my refund still hasn't arrived.");
  CHECK(en.quoted_removed);

  auto wrapped = strip_email("Still waiting.\nOn Mon, 4 Mar 2024 at 10:00, Shop Support\n<help@shop.example> wrote:\n> old text");
  CHECK(wrapped.body == "Still waiting.");

  auto outlook = strip_email("Please cancel it.\n\n-----Original Message-----\nFrom: Shop\nSent: Monday\nSubject: Your order");
  CHECK(outlook.body == "Please cancel it.");

  auto header = strip_email("Bitte stornieren.\n\nVon: Shop <help@shop.example>\nGesendet: Montag, 4. März 2024 10:00\nBetreff: Bestellung");
  CHECK(header.body == "Bitte stornieren.");

  auto de = strip_email("Wo bleibt meine Bestellung?\n\nAm 04.03.2024 um 10:00 schrieb Shop <help@shop.example>:\n> Ihre Bestellung ist unterwegs.");
  CHECK(de.body == "Wo bleibt meine Bestellung?");
  auto es = strip_email("¿Dónde está mi pedido?\n\nEl lun, 4 mar 2024 a las 10:00, Tienda (<ayuda@tienda.example>) escribió:\n> Hola");
  CHECK(es.body == "¿Dónde está mi pedido?");
  auto pt = strip_email("Cadê meu pedido?\n\nEm seg., 4 de mar. de 2024 às 10:00, Loja <ajuda@loja.example> escreveu:\n> Olá");
  CHECK(pt.body == "Cadê meu pedido?");
  auto fr = strip_email("Où est ma commande ?\n\nLe lun. 4 mars 2024 à 10:00, Boutique <aide@boutique.example> a écrit :\n> Bonjour");
  CHECK(fr.body == "Où est ma commande ?");
  auto ja = strip_email("注文がまだ届きません。\n\n2024年3月4日(月) 10:00 ショップ <help@shop.example>:\n> ご注文ありがとうございます");
  CHECK(ja.body == "注文がまだ届きません。");
  auto ja2 = strip_email("返金はいつですか。\n\nショップ様が書きました:\n> 返金処理中です");
  CHECK(ja2.body == "返金はいつですか。");
}

TEST_CASE("signatures are stripped, the message is kept", "[triage]") {
  auto dash = strip_email("The app crashes on start.\n-- \nAna Souza\nACME Ltd");
  CHECK(dash.body == "The app crashes on start.");
  CHECK(dash.signature_removed);
  auto phone = strip_email("Where is my parcel?\n\nSent from my iPhone");
  CHECK(phone.body == "Where is my parcel?");
  auto closing = strip_email("Hello,\nI was charged twice for order 5521.\n\nBest regards,\nJohn Smith\n+44 20 7946 0000");
  CHECK(closing.body == "Hello,\nI was charged twice for order 5521.");
  auto de = strip_email("Die Rechnung fehlt.\n\nMit freundlichen Grüßen\nMax Mustermann");
  CHECK(de.body == "Die Rechnung fehlt.");
  // A message that is only a closing is not emptied.
  CHECK(strip_email("Thanks!").body == "Thanks!");
  // A closing followed by a long paragraph is not a signature.
  auto later = strip_email("Hi,\nThanks,\nactually I still have a question about the invoice because the amount on it does not match what I paid last week at all.");
  CHECK(!later.signature_removed);
}

TEST_CASE("what is cut is kept, in order, and a closing before a question is not a signature", "[triage]") {
  auto en = strip_email("Still waiting.\n\nOn Mon, 4 Mar 2024 at 10:00, Shop <help@shop.example> wrote:\n> Your refund was issued.");
  CHECK(en.quoted == "On Mon, 4 Mar 2024 at 10:00, Shop <help@shop.example> wrote:\n> Your refund was issued.");
  auto mixed = strip_email("> Which size?\nLarge.\n\nBest regards,\nAna Lima\nACME Ltd");
  CHECK(mixed.body == "Large.");
  CHECK(mixed.quoted == "> Which size?\nBest regards,\nAna Lima\nACME Ltd");
  auto question = strip_email("Hi,\nThanks!\nAlso, where is the invoice for order 5521?");
  CHECK(question.body == "Hi,\nThanks!\nAlso, where is the invoice for order 5521?");
  CHECK_FALSE(question.signature_removed);
  auto sentence = strip_email("Hi,\nThanks,\nI also need a copy of the invoice for order 5521 and the one before");
  CHECK_FALSE(sentence.signature_removed);
  // Other dashed rules round "message", Spanish Outlook's "Enviado el:", Italian and Korean attributions.
  CHECK(strip_email("Ok.\n\n----- Forwarded message -----\nFrom: a").body == "Ok.");
  CHECK(strip_email("Vale.\n\nDe: Tienda <a@b.example>\nEnviado el: lunes, 4 de marzo\nPara: yo").body == "Vale.");
  CHECK(strip_email("Grazie.\n\nIl giorno lun 4 mar 2024, Negozio ha scritto:\n> Ciao").body == "Grazie.");
  CHECK(strip_email("감사합니다\n\n2024년 3월 4일 (월) 오전 10:00, 상점 <a@b.example>님이 작성:\n> 안녕하세요").body == "감사합니다");
  // All quote: kept whole, nothing reported as cut.
  auto all = strip_email("> only a quote\n");
  CHECK(all.body == "> only a quote");
  CHECK(all.quoted.empty());
  CHECK_FALSE(all.quoted_removed);
}

TEST_CASE("auto-replies are recognised by headers", "[triage]") {
  CHECK(auto_reply_headers({{"Auto-Submitted", "auto-replied"}}));
  CHECK(auto_reply_headers({{"auto-submitted", "auto-generated"}}));
  CHECK_FALSE(auto_reply_headers({{"Auto-Submitted", "no"}}));
  CHECK(auto_reply_headers({{"X-Autoreply", "yes"}}));
  CHECK(auto_reply_headers({{"X-Autorespond", "Out of office"}}));
  CHECK(auto_reply_headers({{"Precedence", "auto_reply"}}));
  CHECK_FALSE(auto_reply_headers({{"Precedence", "list"}, {"Subject", "Re: order"}}));
}

TEST_CASE("out-of-office wording is recognised in many languages", "[triage]") {
  for (const char* t : {"I am out of the office until Monday with limited access to email.", "Automatische Antwort: Ich bin im Urlaub und ab dem 12. zurück.",
                        "Estoy fuera de la oficina hasta el lunes.", "Estou de férias e retorno dia 10.", "Je suis absent du bureau jusqu'au 5 mars.",
                        "ただいま不在にしております。", "这是自动回复：我正在休假。", "현재 부재중입니다.", "Saya sedang cuti dan akan kembali pada 3 Maret.",
                        "Şu anda ofis dışındayım."})
    CHECK(out_of_office_wording(normalize(t)));
  for (const char* t : {"Where is my order?", "I was on vacation when the parcel came, can you resend it?", "不在票が入っていました"})
    CHECK_FALSE(out_of_office_wording(normalize(t)));
}
