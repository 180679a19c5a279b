"""The shared vocabulary: outcome codes, debtor response codes, collector acts, personas.

These names are contracts: script trees, scenarios, transcripts and reports
use them, and the validator rejects anything not listed here.  Each entry maps
the stable code to the Chinese label users see.
"""

from __future__ import annotations

# Call outcomes (DESIGN.md).  Terminal stages carry exactly one.
OUTCOMES: dict[str, str] = {
    "ptp": "承诺还款",
    "callback": "约定回电",
    "message_left": "已请第三方转告回电",
    "refused": "拒绝还款",
    "dispute": "账务争议已登记",
    "hung_up": "对方挂断",
    "complaint": "客户投诉",
    "wrong_party": "非本人/打错电话",
    "special_handling": "转特殊账户处理",
    "incomplete": "通话未完成",
}

# Debtor (and third-party) response types, after reference/trainer-products.md §5.1.
RESPONSES: dict[str, str] = {
    # contact and identity
    "CONFIRM_IDENTITY": "确认是本人",
    "DENY_IDENTITY": "否认是本人",
    "ASK_WHO": "问对方是谁",
    "ASK_PURPOSE": "问来电目的",
    "ASK_STAFF_ID": "要工号/核实身份",
    "SUSPECT_SCAM": "怀疑是诈骗",
    "REFUSE_VERIFY": "拒绝核实身份",
    "WRONG_NUMBER": "打错电话/不认识",
    "THIRD_PARTY_FAMILY": "家属接听",
    "THIRD_PARTY_WORK": "同事/前台接听",
    "MINOR_ANSWERS": "未成年人接听",
    "REPORTS_DECEASED": "告知本人已去世",
    "REPORTS_HOSPITALIZED": "告知本人住院",
    "THIRD_PARTY_TAKES_PHONE": "旁人接过电话",
    "BUSY_CALLBACK": "正忙，要求稍后再打",
    "AGREE_MESSAGE": "同意转告",
    "ASK_DEBT_DETAILS": "第三方追问欠款详情",
    # stalls
    "STALL_LATER": "拖延：晚点再说",
    "STALL_TRY": "拖延：我看看吧",
    "STALL_WAIT_FUNDS": "拖延：等钱到了再还",
    "STALL_SOON": "拖延：过几天就还",
    "STALL_FORGOT": "忘记还款",
    "STALL_BUSY": "没空处理",
    "STALL_LOCATION": "人在外地不方便",
    # inability and hardship
    "NO_MONEY": "没钱",
    "NO_ABILITY": "失去还款能力",
    "HARDSHIP_EVENT": "家里出事",
    # disputes and objections
    "DISPUTE_OVERDUE": "质疑是否逾期",
    "DISPUTE_AMOUNT": "质疑金额",
    "NOT_MY_CHARGES": "不是本人消费/被盗刷",
    "CLAIM_PAID": "声称已还款",
    "CLAIM_PARTIAL": "声称已还一部分",
    "CLAIM_AUTODEBIT": "声称设了自动扣款",
    "CLAIM_CANT_PAY_IN": "还款渠道有问题",
    "CLAIM_NO_NOTICE": "声称没接到通知",
    "THIRD_PARTY_PAYS": "由家人代还",
    # negotiation
    "ASK_WAIVER": "要求减免",
    "ASK_INSTALLMENT": "要求分期",
    "LOWBALL": "只肯还很少",
    "ASK_CONSEQUENCE": "问不还会怎样",
    # resistance and escalation
    "REFUSE_PAY": "拒绝还款",
    "STOP_CALLING": "要求别再打电话",
    "ABUSE": "辱骂",
    "DEMAND_SUPERVISOR": "要求找领导",
    "THREAT_COMPLAINT": "威胁投诉",
    "LODGE_COMPLAINT": "投诉并挂断",
    "THREAT_MEDIA": "威胁曝光",
    "THREAT_LEGAL": "威胁找律师",
    "RECORDING": "声称在录音",
    "HANG_UP": "挂断电话",
    # cooperative
    "CONFIRM": "同意/知道了",
    "PAY_NOW": "马上还款",
    "PTP_OFFER": "承诺还款",
    "ACCEPT_PLAN": "接受方案",
    "CONFIRM_RECAP": "确认复述无误",
    "AGREE_CALLBACK": "同意约时间回电",
    "SILENT": "沉默",
}

# Collector acts the understanding layer recognises in trainee text (§5.2).
ACTS: dict[str, str] = {
    "greet": "问候",
    "ask_for_debtor": "找本人",
    "verify": "核实身份",
    "identify_self": "表明身份（银行、部门、姓氏）",
    "state_purpose": "说明来意",
    "state_amount": "告知欠款金额",
    "request_payment": "要求还款",
    "probe_reason": "了解逾期原因",
    "empathize": "表示理解",
    "apologize": "致歉",
    "lawful_consequence": "合法告知后果",
    "offer_plan": "提出还款方案",
    "offer_minimum": "建议先还最低还款额",
    "ask_date": "询问还款日期",
    "confirm_promise": "确认承诺",
    "recap": "复述承诺",
    "schedule_callback": "约定回电",
    "leave_message": "请第三方转告",
    "transfer_supervisor": "转主管/登记诉求",
    "explain_amount": "解释金额构成",
    "explain_channel": "告知还款渠道",
    "record_dispute": "登记争议",
    "condolence": "致哀/慰问",
    "close": "结束通话",
    # forbidden acts: understood so the debtor can react, and penalised by scoring
    "threaten": "威胁恐吓",
    "insult": "辱骂",
    "impersonate": "冒充公检法/律师",
    "disclose_to_third_party": "向第三方透露欠款",
    "pry_third_party": "向第三方打听本人工作或收入",
    "private_channel": "让客户把材料或钱发到坐席个人渠道",
    "false_claim": "虚假陈述",
}

# Personas: who answers the phone, and how they behave (DOMAIN.md).
PERSONAS: dict[str, str] = {
    "honest": "老实本分、一时困难",
    "slippery": "圆滑世故、能拖就拖",
    "malicious": "恶意拖欠、躲避催收",
    "fraud": "欺诈、资料虚假",
    "family": "家属（配偶/父母）",
    "colleague": "同事/前台",
    "minor": "未成年人",
    "wrong_number": "打错电话/号码易主",
    "deceased_family": "告知本人已去世的家属",
    "hospitalized": "住院的债务人",
    "complaint_prone": "动辄投诉的客户",
    "identity_theft": "声称身份被冒用",
}

CONTACTS = ("debtor", "third_party", "unknown")
CONTACT_LABELS: dict[str, str] = {"debtor": "本人", "third_party": "第三方", "unknown": "未知"}

# Who speaks in a transcript (DESIGN.md), and the label people see.  ``None`` is the call as a whole
# (a call-level finding such as calling hours).
SPEAKERS = ("agent", "debtor", "third_party")
SPEAKER_LABELS: dict[str | None, str] = {"agent": "坐席", "debtor": "客户", "third_party": "第三方",
                                         None: "通话"}

# Severities of a finding, most serious first; the rank orders them for --fail-on.
SEVERITIES = ("critical", "major", "minor")
SEVERITY_LABELS: dict[str, str] = {"critical": "严重", "major": "较重", "minor": "轻微"}
SEVERITY_RANK: dict[str, int] = {"minor": 0, "major": 1, "critical": 2}

# Compliance categories (DESIGN.md); every rule carries exactly one.
CATEGORIES = ("impersonation", "identification", "threat", "abuse", "false_claim",
              "third_party_disclosure", "harassment", "privacy", "vulnerable")
CATEGORY_LABELS: dict[str, str] = {
    "impersonation": "冒充公检法/律师",
    "identification": "未表明身份",
    "threat": "威胁恐吓",
    "abuse": "辱骂",
    "false_claim": "虚假陈述",
    "third_party_disclosure": "向第三方透露欠款",
    "harassment": "骚扰（时段/频次）",
    "privacy": "泄露个人信息",
    "vulnerable": "对特殊人群施压",
}

# The debtor's moods (0–10 scales) and escalation levels, as the trainee sees them.
MOODS: dict[str, str] = {"anger": "怒气", "trust": "信任", "willingness": "还款意愿", "patience": "耐心",
                         "complaint_intent": "投诉意向"}
MOOD_LEVELS: dict[str, str] = {"calm": "平静", "irritated": "烦躁", "demands_supervisor": "要求找领导",
                               "threatens_complaint": "威胁投诉", "complaint_lodged": "已投诉"}

# How a call was made (the records' mode column).
MODES: dict[str, str] = {"practice": "练习", "exam": "考试", "play": "脚本", "recite": "背诵"}

# A compliance finding under review (trainer review), and what a reviewer can do to it.
REVIEW_STATUSES: dict[str, str] = {"pending": "待复核", "confirmed": "已确认", "dismissed": "已驳回",
                                   "appealed": "申诉中"}
REVIEW_ACTIONS: dict[str, str] = {"confirm": "确认", "dismiss": "驳回", "appeal": "申诉", "reopen": "重新待审"}

# Kinds of personal data masked in human-facing output, and what is shown instead of the data.
PERSONAL_DATA_KINDS: dict[str, str] = {"id_number": "身份证号", "card_number": "银行卡号",
                                       "phone_number": "电话号码", "address": "地址"}

# Every code table above with its labels: tests check that each code has exactly one label.
LABELLED: dict[str, tuple[tuple[str, ...], dict]] = {
    "outcome": (tuple(OUTCOMES), OUTCOMES),
    "response": (tuple(RESPONSES), RESPONSES),
    "act": (tuple(ACTS), ACTS),
    "persona": (tuple(PERSONAS), PERSONAS),
    "contact": (CONTACTS, CONTACT_LABELS),
    "speaker": (SPEAKERS, SPEAKER_LABELS),
    "severity": (SEVERITIES, SEVERITY_LABELS),
    "category": (CATEGORIES, CATEGORY_LABELS),
    "mood": (tuple(MOODS), MOODS),
    "mood_level": (tuple(MOOD_LEVELS), MOOD_LEVELS),
    "mode": (tuple(MODES), MODES),
    "review_status": (tuple(REVIEW_STATUSES), REVIEW_STATUSES),
    "review_action": (tuple(REVIEW_ACTIONS), REVIEW_ACTIONS),
    "personal_data": (tuple(PERSONAL_DATA_KINDS), PERSONAL_DATA_KINDS),
}


# Account facts a line template may use ({{ name }} …).  Scenarios supply them.
FACTS: dict[str, str] = {
    "bank": "银行名称，如「安信银行」",
    "agent_surname": "坐席的姓，如「王」",
    "agent_id": "坐席工号",
    "name": "客户姓名",
    "surname": "客户姓氏",
    "honorific": "称呼：先生/女士",
    "card_tail": "卡号末四位",
    "balance": "欠款总额（元）",
    "min_due": "最低还款额（元）",
    "days_overdue": "逾期天数",
    "due_date": "到期还款日",
    "promise_amount": "上次承诺的金额（元）",
    "promise_date": "上次承诺的日期",
    "paid_amount": "上次承诺后实际已还金额（元）",
    "callback_number": "本行官方回电号码",
}
