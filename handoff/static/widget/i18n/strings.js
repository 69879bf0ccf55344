/* The chat widget's own interface strings, one block per language (docs/widget.md, "Languages").
 * Placeholders in braces ({shop}, {position}, {minutes}, {agent}) are filled in by widget.js.
 * To add a language: copy the "en" block, translate every value, and add its name to NAMES.
 * The bot's replies are not here: Rasa renders them from locales/<code>.yml. */
(function () {
  "use strict";
  var NAMES = {
    en: "English", es: "Español", fr: "Français", de: "Deutsch", pt: "Português",
    it: "Italiano", ru: "Русский", zh: "中文", ja: "日本語", ar: "العربية",
    ko: "한국어", pl: "Polski", nl: "Nederlands", tr: "Türkçe"
  };
  var STRINGS = {
    en: {
      launcher: "Chat with us", title: "{shop} support", close: "Close chat", language: "Language",
      log: "Conversation", message: "Your message", placeholder: "Type your message…", send: "Send",
      attach: "Attach a photo", uploading: "Sending your photo…", photo: "Your photo",
      image: "Image", you: "You", bot: "Assistant", agent: "Support team",
      too_large: "This photo is too large: the limit is 5 MB.",
      bad_type: "Please choose a JPEG, PNG or WebP photo.",
      upload_failed: "The photo could not be sent. Please try again.",
      offline: "Connection lost. Reconnecting…",
      queue: "A person is coming. You are number {position} in line, about {minutes} min.",
      queue_short: "A person is coming. You are number {position} in line.",
      joined: "{agent} joined the chat.", typing: "{agent} is typing…",
      someone: "A support agent", finished: "The conversation with our team has ended."
    },
    es: {
      launcher: "Chatea con nosotros", title: "Atención al cliente de {shop}", close: "Cerrar el chat",
      language: "Idioma", log: "Conversación", message: "Tu mensaje", placeholder: "Escribe tu mensaje…",
      send: "Enviar", attach: "Adjuntar una foto", uploading: "Enviando tu foto…", photo: "Tu foto",
      image: "Imagen", you: "Tú", bot: "Asistente", agent: "Equipo de atención",
      too_large: "Esta foto es demasiado grande: el límite es de 5 MB.",
      bad_type: "Elige una foto JPEG, PNG o WebP.",
      upload_failed: "No se pudo enviar la foto. Inténtalo de nuevo.",
      offline: "Se perdió la conexión. Reconectando…",
      queue: "Una persona te atenderá en breve. Eres el número {position} en la cola, unos {minutes} min.",
      queue_short: "Una persona te atenderá en breve. Eres el número {position} en la cola.",
      joined: "{agent} se ha unido al chat.", typing: "{agent} está escribiendo…",
      someone: "Un agente", finished: "La conversación con nuestro equipo ha terminado."
    },
    fr: {
      launcher: "Discuter avec nous", title: "Service client {shop}", close: "Fermer la discussion",
      language: "Langue", log: "Conversation", message: "Votre message", placeholder: "Écrivez votre message…",
      send: "Envoyer", attach: "Joindre une photo", uploading: "Envoi de votre photo…", photo: "Votre photo",
      image: "Image", you: "Vous", bot: "Assistant", agent: "Service client",
      too_large: "Cette photo est trop lourde : la limite est de 5 Mo.",
      bad_type: "Choisissez une photo JPEG, PNG ou WebP.",
      upload_failed: "La photo n'a pas pu être envoyée. Veuillez réessayer.",
      offline: "Connexion perdue. Reconnexion…",
      queue: "Un conseiller arrive. Vous êtes numéro {position} dans la file, environ {minutes} min.",
      queue_short: "Un conseiller arrive. Vous êtes numéro {position} dans la file.",
      joined: "{agent} a rejoint la discussion.", typing: "{agent} est en train d'écrire…",
      someone: "Un conseiller", finished: "La conversation avec notre équipe est terminée."
    },
    de: {
      launcher: "Chatten Sie mit uns", title: "{shop} Kundenservice", close: "Chat schließen",
      language: "Sprache", log: "Unterhaltung", message: "Ihre Nachricht", placeholder: "Nachricht eingeben…",
      send: "Senden", attach: "Foto anhängen", uploading: "Ihr Foto wird gesendet…", photo: "Ihr Foto",
      image: "Bild", you: "Sie", bot: "Assistent", agent: "Kundenservice",
      too_large: "Dieses Foto ist zu groß: höchstens 5 MB.",
      bad_type: "Bitte wählen Sie ein JPEG-, PNG- oder WebP-Foto.",
      upload_failed: "Das Foto konnte nicht gesendet werden. Bitte versuchen Sie es erneut.",
      offline: "Verbindung unterbrochen. Verbinde neu…",
      queue: "Gleich ist jemand für Sie da. Sie sind Nummer {position} in der Warteschlange, etwa {minutes} Min.",
      queue_short: "Gleich ist jemand für Sie da. Sie sind Nummer {position} in der Warteschlange.",
      joined: "{agent} ist dem Chat beigetreten.", typing: "{agent} schreibt…",
      someone: "Ein Mitarbeiter", finished: "Das Gespräch mit unserem Team ist beendet."
    },
    pt: {
      launcher: "Fale conosco", title: "Atendimento {shop}", close: "Fechar o chat",
      language: "Idioma", log: "Conversa", message: "Sua mensagem", placeholder: "Digite sua mensagem…",
      send: "Enviar", attach: "Anexar uma foto", uploading: "Enviando sua foto…", photo: "Sua foto",
      image: "Imagem", you: "Você", bot: "Assistente", agent: "Equipe de atendimento",
      too_large: "Esta foto é grande demais: o limite é 5 MB.",
      bad_type: "Escolha uma foto JPEG, PNG ou WebP.",
      upload_failed: "Não foi possível enviar a foto. Tente novamente.",
      offline: "Conexão perdida. Reconectando…",
      queue: "Uma pessoa vai atender você. Você é o número {position} na fila, cerca de {minutes} min.",
      queue_short: "Uma pessoa vai atender você. Você é o número {position} na fila.",
      joined: "{agent} entrou no chat.", typing: "{agent} está digitando…",
      someone: "Um atendente", finished: "A conversa com a nossa equipe terminou."
    },
    it: {
      launcher: "Chatta con noi", title: "Assistenza {shop}", close: "Chiudi la chat",
      language: "Lingua", log: "Conversazione", message: "Il tuo messaggio", placeholder: "Scrivi il tuo messaggio…",
      send: "Invia", attach: "Allega una foto", uploading: "Invio della foto…", photo: "La tua foto",
      image: "Immagine", you: "Tu", bot: "Assistente", agent: "Assistenza clienti",
      too_large: "Questa foto è troppo grande: il limite è 5 MB.",
      bad_type: "Scegli una foto JPEG, PNG o WebP.",
      upload_failed: "Non è stato possibile inviare la foto. Riprova.",
      offline: "Connessione persa. Riconnessione…",
      queue: "Una persona arriva a breve. Sei il numero {position} in coda, circa {minutes} min.",
      queue_short: "Una persona arriva a breve. Sei il numero {position} in coda.",
      joined: "{agent} è entrato nella chat.", typing: "{agent} sta scrivendo…",
      someone: "Un operatore", finished: "La conversazione con il nostro team è terminata."
    },
    ru: {
      launcher: "Написать нам", title: "Поддержка {shop}", close: "Закрыть чат",
      language: "Язык", log: "Переписка", message: "Ваше сообщение", placeholder: "Введите сообщение…",
      send: "Отправить", attach: "Прикрепить фото", uploading: "Отправляем фото…", photo: "Ваше фото",
      image: "Изображение", you: "Вы", bot: "Ассистент", agent: "Служба поддержки",
      too_large: "Фото слишком большое: не более 5 МБ.",
      bad_type: "Выберите фото в формате JPEG, PNG или WebP.",
      upload_failed: "Не удалось отправить фото. Попробуйте ещё раз.",
      offline: "Соединение потеряно. Переподключаемся…",
      queue: "Скоро к вам подключится сотрудник. Ваш номер в очереди: {position}, примерно {minutes} мин.",
      queue_short: "Скоро к вам подключится сотрудник. Ваш номер в очереди: {position}.",
      joined: "{agent} присоединился к чату.", typing: "{agent} печатает…",
      someone: "Сотрудник поддержки", finished: "Разговор с нашей командой завершён."
    },
    zh: {
      launcher: "联系客服", title: "{shop} 客服", close: "关闭聊天",
      language: "语言", log: "对话", message: "您的消息", placeholder: "请输入消息…",
      send: "发送", attach: "附加照片", uploading: "正在发送照片…", photo: "您的照片",
      image: "图片", you: "您", bot: "助手", agent: "客服团队",
      too_large: "照片太大：上限为 5 MB。",
      bad_type: "请选择 JPEG、PNG 或 WebP 格式的照片。",
      upload_failed: "照片发送失败，请重试。",
      offline: "连接已断开，正在重新连接…",
      queue: "客服人员即将为您服务。您排在第 {position} 位，大约 {minutes} 分钟。",
      queue_short: "客服人员即将为您服务。您排在第 {position} 位。",
      joined: "{agent} 已加入对话。", typing: "{agent} 正在输入…",
      someone: "客服人员", finished: "与客服的对话已结束。"
    },
    ja: {
      launcher: "チャットで問い合わせ", title: "{shop} サポート", close: "チャットを閉じる",
      language: "言語", log: "会話", message: "メッセージ", placeholder: "メッセージを入力…",
      send: "送信", attach: "写真を添付", uploading: "写真を送信しています…", photo: "あなたの写真",
      image: "画像", you: "あなた", bot: "アシスタント", agent: "サポートチーム",
      too_large: "写真が大きすぎます（上限 5 MB）。",
      bad_type: "JPEG、PNG、WebP の写真を選んでください。",
      upload_failed: "写真を送信できませんでした。もう一度お試しください。",
      offline: "接続が切れました。再接続しています…",
      queue: "担当者がまもなく対応します。順番は {position} 番目、約 {minutes} 分です。",
      queue_short: "担当者がまもなく対応します。順番は {position} 番目です。",
      joined: "{agent} がチャットに参加しました。", typing: "{agent} が入力中…",
      someone: "サポート担当者", finished: "担当者との会話は終了しました。"
    },
    ar: {
      launcher: "تحدث معنا", title: "دعم {shop}", close: "إغلاق المحادثة",
      language: "اللغة", log: "المحادثة", message: "رسالتك", placeholder: "اكتب رسالتك…",
      send: "إرسال", attach: "إرفاق صورة", uploading: "جارٍ إرسال صورتك…", photo: "صورتك",
      image: "صورة", you: "أنت", bot: "المساعد", agent: "فريق الدعم",
      too_large: "هذه الصورة كبيرة جدًا: الحد الأقصى 5 ميغابايت.",
      bad_type: "يرجى اختيار صورة بصيغة JPEG أو PNG أو WebP.",
      upload_failed: "تعذر إرسال الصورة. يرجى المحاولة مرة أخرى.",
      offline: "انقطع الاتصال. جارٍ إعادة الاتصال…",
      queue: "سينضم إليك أحد موظفينا قريبًا. ترتيبك {position} في الانتظار، حوالي {minutes} دقيقة.",
      queue_short: "سينضم إليك أحد موظفينا قريبًا. ترتيبك {position} في الانتظار.",
      joined: "انضم {agent} إلى المحادثة.", typing: "{agent} يكتب…",
      someone: "موظف الدعم", finished: "انتهت المحادثة مع فريقنا."
    },
    ko: {
      launcher: "채팅 상담", title: "{shop} 고객지원", close: "채팅 닫기",
      language: "언어", log: "대화", message: "메시지", placeholder: "메시지를 입력하세요…",
      send: "보내기", attach: "사진 첨부", uploading: "사진을 보내는 중…", photo: "보낸 사진",
      image: "이미지", you: "나", bot: "상담 도우미", agent: "고객지원팀",
      too_large: "사진이 너무 큽니다. 최대 5MB까지 가능합니다.",
      bad_type: "JPEG, PNG 또는 WebP 사진을 선택해 주세요.",
      upload_failed: "사진을 보내지 못했습니다. 다시 시도해 주세요.",
      offline: "연결이 끊겼습니다. 다시 연결하는 중…",
      queue: "곧 상담원이 연결됩니다. 대기 순서 {position}번, 약 {minutes}분.",
      queue_short: "곧 상담원이 연결됩니다. 대기 순서 {position}번.",
      joined: "{agent} 님이 채팅에 참여했습니다.", typing: "{agent} 님이 입력 중…",
      someone: "상담원", finished: "상담원과의 대화가 종료되었습니다."
    },
    pl: {
      launcher: "Napisz do nas", title: "Obsługa klienta {shop}", close: "Zamknij czat",
      language: "Język", log: "Rozmowa", message: "Twoja wiadomość", placeholder: "Napisz wiadomość…",
      send: "Wyślij", attach: "Dołącz zdjęcie", uploading: "Wysyłanie zdjęcia…", photo: "Twoje zdjęcie",
      image: "Obraz", you: "Ty", bot: "Asystent", agent: "Obsługa klienta",
      too_large: "To zdjęcie jest za duże: limit to 5 MB.",
      bad_type: "Wybierz zdjęcie JPEG, PNG lub WebP.",
      upload_failed: "Nie udało się wysłać zdjęcia. Spróbuj ponownie.",
      offline: "Utracono połączenie. Łączenie ponownie…",
      queue: "Zaraz połączymy Cię z konsultantem. Jesteś {position}. w kolejce, około {minutes} min.",
      queue_short: "Zaraz połączymy Cię z konsultantem. Jesteś {position}. w kolejce.",
      joined: "{agent} dołącza do czatu.", typing: "{agent} pisze…",
      someone: "Konsultant", finished: "Rozmowa z naszym zespołem została zakończona."
    },
    nl: {
      launcher: "Chat met ons", title: "Klantenservice {shop}", close: "Chat sluiten",
      language: "Taal", log: "Gesprek", message: "Je bericht", placeholder: "Typ je bericht…",
      send: "Versturen", attach: "Foto bijvoegen", uploading: "Je foto wordt verstuurd…", photo: "Jouw foto",
      image: "Afbeelding", you: "Jij", bot: "Assistent", agent: "Klantenservice",
      too_large: "Deze foto is te groot: maximaal 5 MB.",
      bad_type: "Kies een JPEG-, PNG- of WebP-foto.",
      upload_failed: "De foto kon niet worden verstuurd. Probeer het opnieuw.",
      offline: "Verbinding verbroken. Opnieuw verbinden…",
      queue: "Er komt zo iemand bij je. Je bent nummer {position} in de wachtrij, ongeveer {minutes} min.",
      queue_short: "Er komt zo iemand bij je. Je bent nummer {position} in de wachtrij.",
      joined: "{agent} neemt deel aan de chat.", typing: "{agent} is aan het typen…",
      someone: "Een medewerker", finished: "Het gesprek met ons team is beëindigd."
    },
    tr: {
      launcher: "Bizimle sohbet edin", title: "{shop} Destek", close: "Sohbeti kapat",
      language: "Dil", log: "Konuşma", message: "Mesajınız", placeholder: "Mesajınızı yazın…",
      send: "Gönder", attach: "Fotoğraf ekle", uploading: "Fotoğrafınız gönderiliyor…", photo: "Fotoğrafınız",
      image: "Görsel", you: "Siz", bot: "Asistan", agent: "Destek ekibi",
      too_large: "Bu fotoğraf çok büyük: sınır 5 MB.",
      bad_type: "Lütfen JPEG, PNG veya WebP bir fotoğraf seçin.",
      upload_failed: "Fotoğraf gönderilemedi. Lütfen tekrar deneyin.",
      offline: "Bağlantı koptu. Yeniden bağlanılıyor…",
      queue: "Bir temsilci birazdan sizinle olacak. Sırada {position}. kişisiniz, yaklaşık {minutes} dk.",
      queue_short: "Bir temsilci birazdan sizinle olacak. Sırada {position}. kişisiniz.",
      joined: "{agent} sohbete katıldı.", typing: "{agent} yazıyor…",
      someone: "Bir temsilci", finished: "Ekibimizle görüşme sona erdi."
    }
  };
  window.ShopChatI18n = { names: NAMES, strings: STRINGS, rtl: ["ar"] };
})();
