import type { Reference } from './types.js';

/** The guidelines and labels behind the rules, shown as card links (absolute https, stable pages). */
export const GuidelineLinks = {
  acrHsg: {
    label: 'ACR Practice Parameter for the Performance of Hysterosalpingography',
    url: 'https://www.acr.org/Clinical-Resources/Practice-Parameters-and-Technical-Standards',
  },
  lipiodolLabel: {
    label: 'Lipiodol (ethiodized oil) prescribing information, DailyMed',
    url: 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=lipiodol',
  },
  acogPb195: {
    label: 'ACOG Practice Bulletin 195: Prevention of Infection After Gynecologic Procedures (2018)',
    url: 'https://doi.org/10.1097/AOG.0000000000002670',
  },
  cdcPid: {
    label: 'CDC STI Treatment Guidelines: Pelvic Inflammatory Disease',
    url: 'https://www.cdc.gov/std/treatment-guidelines/pid.htm',
  },
  acrContrastManual: {
    label: 'ACR Manual on Contrast Media',
    url: 'https://www.acr.org/Clinical-Resources/Contrast-Manual',
  },
  selfiThyroid: {
    label: 'SELFI study: thyroid function after oil-based contrast HSG (JCEM 2022)',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC9693785/',
  },
  acogSis: {
    label: 'ACOG Technology Assessment No. 8: Sonohysterography (2012)',
    url: 'https://pubmed.ncbi.nlm.nih.gov/22617618/',
  },
  cdcStiRetesting: {
    label: 'CDC STI Treatment Guidelines 2021: retesting after treatment',
    url: 'https://www.cdc.gov/std/treatment-guidelines/clinical-retesting.htm',
  },
  acogPb195Table: {
    label:
      'Pereira N et al. Antibiotic prophylaxis for gynecologic procedures (J Pathog 2016), Table 1 (ACOG PB 195)',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC4800103/',
  },
  asrmFertilityEvaluation: {
    label: 'ASRM: Fertility evaluation of infertile women, a committee opinion (2021)',
    url: 'https://doi.org/10.1016/j.fertnstert.2021.08.038',
  },
} as const satisfies Record<string, Reference>;
