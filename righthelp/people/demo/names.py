"""Naming data for invented demo people: given names, surnames and street names.

Everything here is ordinary, common naming data, roughly as it appears in England's
birth registrations and surname counts and in the communities that live in an English
port city. Lists are ordered from most to least common; the generator turns the order
into weights (Zipf-like), so no list carries hand-tuned numbers. Combinations are
random, so the people are invented: :data:`RESERVED_FULL_NAMES` lists well-known real
people whose names the lists could otherwise put together, and the generator never
produces them.

Lists are written as whitespace-separated words; ``_`` stands for a space inside a
name ("Mei_Ling" is "Mei Ling").
"""

from __future__ import annotations

__all__ = [
    "ALIASES",
    "COMMUNITIES",
    "FEMALE_ONLY_SURNAMES",
    "GIVEN_NAMES",
    "RESERVED_FULL_NAMES",
    "STREET_ENDINGS",
    "STREET_STEMS",
    "SURNAMES",
    "WHITE_BRITISH_ERAS",
    "era_for",
    "feminine_surname",
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.replace("_", " ") for word in text.split())


#: Naming communities. Each has given names and surnames below.
COMMUNITIES = (
    "white_british",
    "irish",
    "irish_traveller",
    "polish",
    "romanian",
    "roma",
    "pakistani",
    "bangladeshi",
    "indian",
    "afghan",
    "chinese",
    "black_caribbean",
    "west_african",
    "somali",
    "eritrean",
    "zimbabwean",
    "kurdish",
    "arab",
)

#: Birth decades with their own White British given-name lists (earliest first).
WHITE_BRITISH_ERAS = (1950, 1970, 1980, 1990, 2000, 2010, 2020)


def era_for(community: str, birth_year: int) -> str:
    """The key into :data:`GIVEN_NAMES` for someone born in ``birth_year``.

    White British names follow the decade (1950s and 1960s share a list); the other
    communities have a list for people born before 2005 ("adult") and after ("child").
    """
    if community == "white_british":
        era = 1950
        for start in WHITE_BRITISH_ERAS:
            if birth_year >= start:
                era = start
        return f"{era}s"
    return "adult" if birth_year < 2005 else "child"


GIVEN_NAMES: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "white_british": {
        "1950s": {
            "female": _words("""
                Susan Linda Christine Margaret Janet Patricia Carol Elizabeth Mary Anne
                Julie Karen Deborah Jacqueline Sandra Tracey Lesley Gillian Valerie Pauline
                Angela Jean Barbara Wendy Diane Beverley Elaine Jennifer Brenda Sheila
                Maureen Kathleen Dawn Lorraine Denise Sharon Alison Helen Amanda Joanne
            """),
            "male": _words("""
                David John Michael Peter Stephen Paul Robert Alan Christopher Richard
                Anthony Andrew Ian Mark Kevin Gary Brian Keith Colin Graham Martin Steven
                Philip Trevor Terence Barry Geoffrey Kenneth Raymond Malcolm Derek Roger
                Dennis Nigel Neil Timothy Stuart Clive William James
            """),
        },
        "1970s": {
            "female": _words("""
                Sarah Claire Nicola Emma Lisa Joanne Michelle Helen Samantha Karen Amanda
                Rachel Louise Julie Clare Rebecca Sharon Victoria Caroline Tracey Kelly
                Donna Dawn Elizabeth Natalie Angela Catherine Jennifer Kerry Suzanne Zoe
                Gemma Kirsty Melanie Stephanie Jacqueline Alison Deborah Lindsey Hayley
            """),
            "male": _words("""
                Paul Mark David Andrew Richard Christopher James Simon Michael Matthew
                Stephen Lee John Robert Darren Daniel Steven Jason Nicholas Jonathan Ian
                Neil Peter Stuart Anthony Martin Gary Craig Kevin Wayne Dean Scott Carl
                Shaun Philip Adam Gareth Benjamin Thomas Russell
            """),
        },
        "1980s": {
            "female": _words("""
                Sarah Laura Gemma Emma Rebecca Claire Victoria Samantha Rachel Amy
                Jennifer Nicola Katie Lisa Kelly Natalie Louise Michelle Hayley Stacey Zoe
                Charlotte Jade Danielle Leanne Hannah Lauren Kirsty Donna Amanda Stephanie
                Kerry Carly Joanne Jodie Lucy Sophie Katherine Helen Kayleigh
            """),
            "male": _words("""
                Christopher James David Daniel Michael Matthew Andrew Richard Paul Mark
                Thomas Adam Robert John Lee Benjamin Steven Jonathan Craig Stephen Simon
                Nicholas Peter Anthony Alexander Gary Ian Ryan Jamie Scott Martin Darren
                Carl Dean Kevin Shaun Ashley Liam Nathan Wayne
            """),
        },
        "1990s": {
            "female": _words("""
                Rebecca Lauren Jessica Charlotte Hannah Sophie Amy Emily Laura Emma Chloe
                Sarah Lucy Katie Bethany Jade Danielle Samantha Georgia Stacey Megan
                Abigail Holly Natasha Shannon Kirsty Leanne Zoe Jodie Amber Nicole
                Courtney Rachel Victoria Kayleigh Chelsea Paige Ellie Jasmine Gemma
            """),
            "male": _words("""
                Daniel Thomas James Jack Joshua Matthew Ryan Christopher Michael Luke Adam
                Jordan Callum Liam Samuel Benjamin Connor Jake Lewis Nathan Kieran
                Alexander Ashley Jamie Andrew Bradley Robert Dean Craig Scott David Aaron
                Reece Kyle Joseph William Sam Dale Shane Jonathan
            """),
        },
        "2000s": {
            "female": _words("""
                Chloe Emily Megan Jessica Sophie Charlotte Hannah Lauren Ellie Lucy Olivia
                Amy Holly Bethany Grace Abigail Georgia Molly Katie Emma Courtney Shannon
                Paige Jade Amber Mia Millie Leah Caitlin Ella Eleanor Rebecca Niamh Brooke
                Isabelle Keeley Chelsea Demi Kayla Summer
            """),
            "male": _words("""
                Jack Thomas Joshua James Daniel Harry Samuel Joseph Matthew Callum Luke
                William Lewis Oliver Ryan Benjamin George Liam Jordan Adam Alexander Jake
                Connor Cameron Nathan Kieran Ethan Charlie Tyler Bradley Jamie Reece Alfie
                Kyle Aaron Brandon Owen Dylan Kai Rhys Jayden
            """),
        },
        "2010s": {
            "female": _words("""
                Olivia Amelia Isla Ava Emily Sophia Grace Mia Poppy Ella Lily Evie
                Isabella Sophie Ivy Freya Harper Willow Isabelle Charlotte Jessica Daisy
                Millie Phoebe Evelyn Sienna Lola Ruby Scarlett Matilda Maisie Layla Esme
                Erin Florence Harriet Darcey Lacey Skye Imogen Holly Eliza
            """),
            "male": _words("""
                Oliver Jack Harry George Jacob Charlie Noah William Thomas Oscar James Leo
                Alfie Joshua Freddie Archie Ethan Isaac Alexander Joseph Edward Samuel Max
                Logan Lucas Mason Theo Daniel Dylan Riley Harrison Finley Jenson Tommy
                Arthur Teddy Reggie Kayden Bobby Harley Jaxon Louie
            """),
        },
        "2020s": {
            "female": _words("""
                Olivia Amelia Isla Lily Ivy Florence Freya Ava Mia Sophia Isabella Willow
                Rosie Evie Daisy Elsie Grace Poppy Ella Sienna Margot Ada Maeve Bonnie
                Hallie Arabella Aurora Luna Mabel Thea Harper Millie Matilda Phoebe Esme
                Orla Nancy Edith Iris Penelope
            """),
            "male": _words("""
                Noah Oliver George Arthur Leo Harry Oscar Archie Henry Theodore Freddie
                Jack Charlie Theo Alfie Jacob Thomas Finley Lucas Isaac Tommy Teddy Albie
                Reggie Hunter Louie Rory Roman Ezra Jude Ronnie Max Elijah Hugo Arlo Otis
                Mason Bobby Sonny Jaxon
            """),
        },
    },
    "irish": {
        "adult": {
            "female": _words("""
                Siobhan Niamh Aoife Ciara Mary Bridget Catherine Sinead Orla Roisin
                Clodagh Fiona Deirdre Maeve Grainne Aisling Caoimhe Eimear Nuala Kathleen
            """),
            "male": _words("""
                Sean Patrick Ciaran Declan Michael John Conor Brendan Kieran Niall Padraig
                Eoin Fergal Cormac Donal Dermot Liam Darragh Colm Thomas
            """),
        },
        "child": {
            "female": _words("""
                Aoife Niamh Saoirse Ciara Orla Caoimhe Grace Emily Ella Sophie Roisin Ava
                Fiadh Clodagh Erin
            """),
            "male": _words("""
                Conor Sean Cian Darragh Oisin Fionn Jack James Liam Tadhg Ronan Rory
                Daniel Patrick Finn
            """),
        },
    },
    "irish_traveller": {
        "adult": {
            "female": _words("""
                Bridget Margaret Mary Kathleen Nora Ellen Winnie Josie Ann Chantelle
                Theresa Julia
            """),
            "male": _words("""
                Patrick Michael John Martin Thomas James Joe Christy Johnny Francie
                Edward Simon
            """),
        },
        "child": {
            "female": _words("Bridget Mary Margaret Kathleen Chelsea Jade Nora Ellie Courtney"),
            "male": _words("Patrick Michael John Martin Tom Jimmy Johnny Edward Christy"),
        },
    },
    "polish": {
        "adult": {
            "female": _words("""
                Katarzyna Anna Agnieszka Magdalena Joanna Monika Ewa Małgorzata Aleksandra
                Justyna Karolina Marta Natalia Paulina Beata Dorota Sylwia Kinga Patrycja
                Dominika Izabela Agata Renata Edyta Iwona
            """),
            "male": _words("""
                Piotr Tomasz Paweł Marcin Krzysztof Łukasz Michał Grzegorz Adam Jakub
                Mateusz Dariusz Marek Rafał Kamil Sebastian Wojciech Bartosz Damian Robert
                Daniel Artur Przemysław Andrzej Jarosław
            """),
        },
        "child": {
            "female": _words("""
                Zuzanna Julia Maja Lena Oliwia Hanna Amelia Alicja Zofia Natalia Wiktoria
                Emilia Laura Antonina Nikola Pola Gabriela Martyna Jagoda Helena
            """),
            "male": _words("""
                Jakub Szymon Filip Antoni Kacper Jan Aleksander Franciszek Mikołaj Wojciech
                Oliwier Adam Stanisław Igor Nikodem Dawid Bartosz Tymon Leon Michał
            """),
        },
    },
    "romanian": {
        "adult": {
            "female": _words("""
                Maria Elena Ioana Andreea Mihaela Alexandra Cristina Gabriela Ana
                Florentina Daniela Georgiana Roxana Adriana Nicoleta Ramona Simona Alina
                Raluca Loredana
            """),
            "male": _words("""
                Ion Andrei Alexandru Mihai Gheorghe Constantin Florin Marian Adrian Ionuț
                Cristian Daniel Vasile Nicolae Bogdan Marius Ștefan Cătălin Gabriel Dumitru
            """),
        },
        "child": {
            "female": _words("""
                Maria Ioana Sofia Elena Daria Ana Antonia Alesia Eva Bianca Denisa Sara
                Miruna Amelia Rebeca
            """),
            "male": _words("""
                David Andrei Alexandru Luca Matei Ștefan Gabriel Darius Mihai Rareș Eric
                Sebastian Tudor Denis Ianis
            """),
        },
    },
    "roma": {
        "adult": {
            "female": _words("""
                Marcela Jana Monika Renata Silvia Veronika Denisa Nikola Vanesa Kristína
                Simona Petra Lenka Zuzana Martina
            """),
            "male": _words("""
                Ján Peter Milan Jozef Marek Tomáš Roman Dávid Patrik Dominik Marián
                Ladislav Štefan Kevin Erik
            """),
        },
        "child": {
            "female": _words("""
                Vanesa Nikola Denisa Natália Sofia Nela Klaudia Karolína Amália Diana
                Sabína Viktória
            """),
            "male": _words("""
                Dávid Patrik Dominik Samuel Kevin Matej Sebastián Lukáš Nikolas Adam
                Alex Denis
            """),
        },
    },
    "pakistani": {
        "adult": {
            "female": _words("""
                Ayesha Fatima Sadia Nazia Saima Rubina Shazia Samina Amina Nadia Farah Asma
                Rabia Sana Iram Uzma Zainab Bushra Hina Mehwish Sobia Naila Tahira Kiran
                Shabana
            """),
            "male": _words("""
                Mohammed Imran Asif Tariq Zahid Kamran Shahid Adnan Naveed Irfan Faisal
                Waqas Usman Bilal Amjad Khalid Sajid Majid Arshad Nadeem Zubair Yasir Abid
                Aamir Rizwan
            """),
        },
        "child": {
            "female": _words("""
                Aisha Maryam Zainab Hafsa Inaya Fatima Aleena Haniya Eshal Anaya Zara Noor
                Khadija Amira Hoorain Mahnoor Alisha Ayesha Safa Zoya
            """),
            "male": _words("""
                Muhammad Mohammed Ibrahim Yusuf Ayaan Zayn Hamza Musa Ali Abdullah Rayyan
                Haris Zakariya Ahmed Umar Hassan Idris Eesa Ismail Arham
            """),
        },
    },
    "bangladeshi": {
        "adult": {
            "female": _words("""
                Fatema Rokeya Shirin Nasima Rahima Salma Shahina Jahanara Taslima Rupa
                Ruksana Sultana Nazma Shamima Momtaz Hasina Parveen Razia Laila Jesmin
            """),
            "male": _words("""
                Abdul Mohammed Shahid Jamal Rahman Abul Faruk Kamal Mizanur Shafiqul Anwar
                Habib Jahangir Mamun Rafiq Saiful Shamim Sohel Monir Nazrul
            """),
        },
        "child": {
            "female": _words("""
                Maryam Aisha Tasnim Nusrat Fatima Samiha Humaira Raisa Safa Anisa Sumaiya
                Ruqayyah Nafisa Inaya Zainab
            """),
            "male": _words("""
                Muhammad Ibrahim Zayan Rayhan Adam Yusuf Ayaan Tahmid Rafi Sami Arham Musa
                Ismail Nabil Tanvir
            """),
        },
    },
    "indian": {
        "adult": {
            "female": _words("""
                Priya Sunita Anjali Pooja Neha Kavita Rekha Manjit Harjeet Jaspreet
                Kulwinder Deepa Meena Sangeeta Nisha Rupinder Asha Divya Lakshmi Parminder
                Amandeep Hema Shilpa Sonia Geeta
            """),
            "male": _words("""
                Rajesh Sanjay Amit Vijay Sunil Ravi Anil Harpreet Gurpreet Manjit Jaswinder
                Sandeep Rakesh Deepak Arjun Vikram Suresh Kuldeep Ashok Rohit Rahul Mandeep
                Sukhwinder Paramjit Nikhil
            """),
        },
        "child": {
            "female": _words("""
                Anaya Aanya Diya Saanvi Riya Isha Priya Simran Jasleen Navya Myra Kiara
                Avni Prisha Harleen Amaira Ishani Meera Sia Tara
            """),
            "male": _words("""
                Arjun Aarav Vihaan Reyansh Rohan Ishaan Krish Dev Kabir Arav Veer Jaskaran
                Harjas Ayaan Shiv Rishi Aryan Nikhil Yuvraj Sai
            """),
        },
    },
    "afghan": {
        "adult": {
            "female": _words("""
                Fatima Zahra Maryam Nazanin Freshta Mariam Shabnam Parwana Hadia Gulalai
                Zarghona Nilofar Roya Sahar Sakina
            """),
            "male": _words("""
                Mohammad Ahmad Abdul Jawad Hamid Rahim Karim Farid Najib Wahid Zabihullah
                Nasir Sayed Habib Rahmatullah Mirwais Obaidullah
            """),
        },
        "child": {
            "female": _words("""
                Maryam Zahra Fatima Mursal Madina Hasina Setayesh Yasmin Sana Parisa Nazia
                Marwa
            """),
            "male": _words("""
                Mohammad Ahmad Ali Mustafa Abdullah Hamza Omid Sohrab Yusuf Idris Bilal
                Samiullah
            """),
        },
    },
    "chinese": {
        "adult": {
            "female": _words("""
                Mei Ling Xiaoling Yan Hui Jing Fang Xiu Wai_Ling Mei_Ling Siu_Wai Ka_Yee
                Yuen Lai_Ping Shu_Fen Jessica Karen Winnie Amy Helen
            """),
            "male": _words("""
                Wei Jun Hao Ming Jian Kwok_Wai Chi_Keung Wing Ka_Ho Tao Lei Zhiwei Yong
                Peter Kevin Tony David Michael
            """),
        },
        "child": {
            "female": _words("""
                Emily Chloe Grace Sophie Jessica Isabella Mia Zoe Ying Xinyi Yutong Zixuan
                Kaylee Hannah Amy
            """),
            "male": _words("""
                Ethan Lucas Ryan Jayden Daniel Oscar Leo Max Hao Yichen Zihan Haoran Jason
                Kevin Alex
            """),
        },
    },
    "black_caribbean": {
        "adult": {
            "female": _words("""
                Marcia Sharon Paulette Yvonne Donna Natalie Keisha Shanice Tanya Sonia
                Michelle Jacqueline Carol Denise Lorna Beverley Simone Tamika Shereen
                Claudette Andrea Charmaine Kimberley Naomi Leonie
            """),
            "male": _words("""
                Anthony Delroy Marlon Winston Leroy Devon Clive Junior Errol Trevor Andre
                Dwayne Jermaine Tyrone Carl Courtney Lloyd Wesley Desmond Kirk Omari Marcus
                Curtis Leon Tyrese
            """),
        },
        "child": {
            "female": _words("""
                Amara Nia Imani Aaliyah Zuri Kiara Jada Serena Shanaya Tia Maya Destiny
                Amelia Nevaeh Leah Mya Skye Naomi Ruby Jasmine
            """),
            "male": _words("""
                Tyrese Jayden Kai Malachi Elijah Isaiah Jaden Marley Tyler Josiah Reuben
                Nathaniel Jahmari Kobe Kyrie Zion Jamal Andre Theo Nathan
            """),
        },
    },
    "west_african": {
        "adult": {
            "female": _words("""
                Blessing Grace Funmilayo Folake Adaeze Chioma Ngozi Abimbola Yetunde
                Oluwakemi Bukola Nneka Esther Mercy Patience Akosua Abena Ama Efua Joy
                Comfort Temitope Titilayo Ifeoma Precious
            """),
            "male": _words("""
                Oluwaseun Adebayo Chukwuemeka Emeka Chinedu Olumide Babatunde Tunde Segun
                Femi Kwame Kofi Kwabena Yaw Samuel Emmanuel Daniel Michael Godwin
                Ikechukwu Obinna Oluwatobi Kayode Gbenga Ebenezer
            """),
        },
        "child": {
            "female": _words("""
                Favour Precious Divine Esther Chiamaka Tolulope Oluwadamilola Ifeoluwa
                Amara Zara Adaora Anuoluwapo Kemi Deborah Testimony Ewurabena Nana Abigail
                Princess Gift
            """),
            "male": _words("""
                David Daniel Samuel Joshua Emmanuel Victor Israel Chidera Tobi Ayomide
                Jayden Kelvin Ethan Oluwaseyi Chukwudi Kwame Kofi Nathaniel Elijah Praise
            """),
        },
    },
    "somali": {
        "adult": {
            "female": _words("""
                Hodan Farhiya Fadumo Amran Hibo Sahra Asha Halima Sagal Nimco Ifrah Ubah
                Khadra Hawa Ayan Deqa Ladan Muna Hamdi Samira
            """),
            "male": _words("""
                Abdi Mohamed Ahmed Abdirahman Abdullahi Hassan Hussein Omar Yusuf Ali
                Mahamud Abdiaziz Abdikarim Liban Said Ismail Farah Osman Jama Bashir
            """),
        },
        "child": {
            "female": _words("""
                Hafsa Maryam Sumaya Ikran Ayaan Hanan Safiya Amina Nasteha Iman Najma
                Sabirin Fardowsa Ruweyda Hibaq
            """),
            "male": _words("""
                Abdirahman Mohamed Yusuf Ahmed Ibrahim Zakariye Abdullahi Hamza Ayub Musa
                Bilal Suleiman Ayanle Idris Mustafe
            """),
        },
    },
    "eritrean": {
        "adult": {
            "female": _words("""
                Selam Helen Senait Tsega Semhar Yordanos Rahel Saba Freweini Luwam Mebrat
                Hiwet Elsa Aster Meron
            """),
            "male": _words("""
                Yonas Tesfay Dawit Samuel Mulugeta Tekle Berhane Haile Filmon Kidane Mehari
                Yohannes Amanuel Goitom Habtom
            """),
        },
        "child": {
            "female": _words("Selam Semhar Liya Hermon Ruth Delina Blen Eden Sara Mahlet"),
            "male": _words("Abel Natnael Yonatan Nahom Robel Daniel Kibrom Aaron Eyob Samuel"),
        },
    },
    "zimbabwean": {
        "adult": {
            "female": _words("""
                Tendai Rutendo Chipo Nyasha Tatenda Rumbidzai Tsitsi Farai Sibongile
                Nokuthula Precious Memory Loveness Charity Fadzai
            """),
            "male": _words("""
                Tendai Tatenda Farai Tinashe Kudakwashe Takudzwa Blessing Tafadzwa
                Simbarashe Tapiwa Nyasha Brian Munyaradzi Sibusiso Lovemore
            """),
        },
        "child": {
            "female": _words("""
                Anesu Tanaka Ruvimbo Kuziva Chloe Grace Tadiwa Mufaro Nokutenda Ashley
            """),
            "male": _words("""
                Tanaka Anesu Tawanda Ryan Ethan Tadiwanashe Munashe Nathan Kuzivakwashe
                Jayden
            """),
        },
    },
    "kurdish": {
        "adult": {
            "female": _words("""
                Shilan Nasrin Bahar Shirin Rezan Avin Dilan Rojin Narin Hana Zhila Kazhal
                Shahla Sozan Parwin Berivan Jwan Sarwa
            """),
            "male": _words("""
                Aram Karwan Hawkar Rebwar Dlshad Hemin Shwan Zana Kawa Bakhtiar Azad Hiwa
                Sirwan Rebin Ari Soran Hardi Hewa
            """),
        },
        "child": {
            "female": _words("Lana Rozhin Avin Lavin Elin Dania Zhina Sara Hana Lara Naz Ayla"),
            "male": _words("Aram Rayan Alan Dilan Rawand Ari Mohammed Yad Lawand Ahmad Harem Mani"),
        },
    },
    "arab": {
        "adult": {
            "female": _words("""
                Fatima Amal Rania Huda Noor Rasha Dalia Layla Hiba Mariam Reem Samar Lina
                Zeinab Asma Nour Hanan Rana Yasmin Walaa
            """),
            "male": _words("""
                Mohammed Ahmed Ali Omar Khaled Mahmoud Hassan Ibrahim Yousef Mustafa
                Abdullah Tariq Samir Fadi Bilal Hussein Ammar Wael Karim Majid
            """),
        },
        "child": {
            "female": _words("""
                Maryam Jana Sham Lujain Rahaf Hala Malak Judy Layan Sara Nour Aya Rawan
                Joud Lana
            """),
            "male": _words("""
                Mohammed Ahmad Adam Yousef Omar Ali Hamza Kareem Zain Rayan Yamen Ayham
                Tamim Hadi Ibrahim
            """),
        },
    },
}


#: Surnames by community, most common first. Polish and Slovak/Czech (Roma) surnames are
#: given in the masculine form: see :func:`feminine_surname`.
SURNAMES: dict[str, tuple[str, ...]] = {
    "white_british": _words("""
        Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson
        Evans Walker White Roberts Green Hall Wood Jackson Clarke Harris Lewis Hughes
        Turner Hill Cooper Ward Martin Moore Clark Edwards Baker Harrison Morris King Allen
        Young Lee Watson Scott Marshall Mitchell Anderson Kelly Carter Bell Shaw Phillips
        Parker Richardson Cook Bailey Bennett Price Graham Griffiths Cox Holmes Gray Adams
        Wilkinson Ellis Webb Chapman Mills Matthews Dixon Fox Hunt Lloyd Pearson Atkinson
        Barker Rogers Robertson Stevens Palmer Fisher Hudson Cole Jenkins Rose Hart Foster
        Simpson Knight Butler Marsh Lawson Dawson Mason Stephenson Stone Hodgson Holt
        Naylor Sykes Haigh Ackroyd Barraclough Holroyd Thackray Priestley Crossley Hirst
        Firth Illingworth Ramsden Sugden Whiteley Pickering Ellerby Leaper Brough
        Cartwright Cawthorne Dobson Fenwick Gibson Hewitt Kirby Metcalfe Newton Oldfield
        Parkin Rhodes Storey Tindall Wainwright
    """),
    "irish": _words("""
        Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill O'Reilly Doyle
        McCarthy Gallagher Doherty Kennedy Lynch Murray Quinn Moore McLoughlin Carroll
        Connolly Daly Brennan Fitzgerald Nolan Dunne Brady Burke Flynn McGrath Maguire
        Keane Power
    """),
    "irish_traveller": _words("""
        Ward McDonagh Connors Doherty Joyce Maughan O'Brien Quinn Sweeney Collins McGinley
        Stokes Cash Reilly Delaney
    """),
    "polish": _words("""
        Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński
        Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk
        Piotrowski Grabowski Nowakowski Pawłowski Michalski Nowicki Adamczyk Dudek Zając
        Wieczorek Jabłoński Król Majewski Olszewski Jaworski Wróbel Malinowski Pawlak
        Witkowski Walczak Stępień Górski Rutkowski Michalak
    """),
    "romanian": _words("""
        Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu
        Constantin Rusu Mihai Munteanu Florea Dinu Marin Tudor Lungu Moldovan Neagu Barbu
        Toma Ene Cristea Lazăr Nistor Vasile Oprea
    """),
    "roma": _words("""
        Horváth Balog Lakatoš Kotlár Oláh Giňa Dunka Červeňák Ferko Pompa Kandráč Sivák
        Rigo Daniel Gábor Billý Žiga
    """),
    "pakistani": _words("""
        Khan Hussain Ali Ahmed Akhtar Iqbal Mahmood Shah Rehman Butt Malik Aslam Raja
        Sheikh Javed Rashid Qureshi Chaudhry Mirza Nawaz Rafiq Yousaf Saleem Anwar Bashir
        Hanif Latif Zaman Siddiqui Hameed
    """),
    "bangladeshi": _words("""
        Miah Uddin Ahmed Rahman Islam Hossain Ali Khan Chowdhury Alam Hoque Karim Sarkar
        Haque Hussain Ullah Amin Mahmud Hasan Sikder
    """),
    "indian": _words("""
        Patel Singh Sharma Kumar Gill Sandhu Sidhu Dhillon Mistry Shah Parmar Chauhan Gupta
        Joshi Mehta Bains Johal Sahota Nair Pillai Reddy Rao Desai Thakkar Lad
    """),
    "afghan": _words("""
        Ahmadi Mohammadi Rahimi Hakimi Karimi Noori Hussaini Sultani Safi Popal Stanikzai
        Wardak Amiri Azizi Jalali Habibi Sadat Nazari
    """),
    "chinese": _words("""
        Chen Li Wang Zhang Liu Wong Chan Cheung Lam Lee Ho Yang Huang Zhao Wu Zhou Lin Ng
        Tang Leung Chung Lau Ma Sun Xu
    """),
    "black_caribbean": _words("""
        Campbell Brown Williams Thomas Smith Johnson Clarke Francis Morgan Grant Reid
        Robinson Wright Edwards Henry Stewart Gordon Bailey Walker Richards Lewis Thompson
        Samuels Bennett Charles Allen James Douglas McKenzie Fraser
    """),
    "west_african": _words("""
        Okafor Adeyemi Okonkwo Olawale Adebayo Eze Nwosu Ogunleye Adeleke Okoro Afolabi
        Balogun Ibrahim Obi Oyelaran Mensah Asante Boateng Owusu Osei Appiah Agyeman Darko
        Addo Ofori Nwachukwu Olaniyan Akinola Chukwu Oladipo
    """),
    "somali": _words("""
        Mohamed Ali Hassan Abdi Ahmed Hussein Omar Yusuf Farah Osman Ismail Warsame Jama
        Abdullahi Aden Nur Egal Duale Hirsi Elmi
    """),
    "eritrean": _words("""
        Tesfaye Gebremedhin Haile Tekle Berhane Kidane Mehari Woldemichael Tesfamariam
        Asmerom Gebru Yohannes Andemariam Habte Kahsay Negash
    """),
    "zimbabwean": _words("""
        Moyo Ncube Sibanda Dube Ndlovu Nyathi Mpofu Chikwanha Mutasa Chirwa Mhlanga Banda
        Gumbo Marufu Chinyama Musarurwa
    """),
    "kurdish": _words("""
        Ahmed Mohammed Ali Hassan Karim Aziz Rashid Mahmoud Qadir Omer Salih Hussein
        Abdullah Rasul Mustafa Hama Jalal Faraj Kareem Majeed
    """),
    "arab": _words("""
        Al-Hassan Al-Ahmad Haddad Khalil Hassan Ibrahim Saleh Mansour Youssef Hamdan
        Nasser Abbas Al-Khatib Darwish Al-Saadi Hamoud Jaber Kassem Othman Al-Obaidi
        Najjar Shami Al-Jabouri Suleiman Mahmoud
    """),
}

#: Surnames that some women in a community hold in place of a family surname
#: (Begum, Bibi, Kaur and so on), most common first.
FEMALE_ONLY_SURNAMES: dict[str, tuple[str, ...]] = {
    "pakistani": _words("Bibi Begum Akhtar Kausar"),
    "bangladeshi": _words("Begum Khatun Akhter Bibi"),
    "indian": _words("Kaur Devi"),
}


def feminine_surname(surname: str, community: str) -> str:
    """The form of a surname a woman or girl uses, where the language changes it.

    Polish ``-ski``/``-cki``/``-dzki`` become ``-ska``/``-cka``/``-dzka``; Slovak and
    Czech surnames (the Roma list) take ``-ová`` (``-ý`` becomes ``-á``). Other
    surnames are returned unchanged.
    """
    if community == "polish":
        if surname.endswith(("ski", "cki", "zki")):
            return surname[:-1] + "a"
        return surname
    if community == "roma":
        if surname.endswith("ý"):
            return surname[:-1] + "á"
        if surname.endswith(("a", "o")):
            return surname[:-1] + "ová"
        return surname + "ová"
    return surname


#: Nicknames some people go by, recorded as an alias ("known as").
ALIASES: dict[str, tuple[str, ...]] = {
    "Alexander": ("Alex", "Xander"),
    "Aleksandra": ("Ola",),
    "Abdirahman": ("Abdi",),
    "Abigail": ("Abbie",),
    "Anthony": ("Tony", "Ant"),
    "Archie": ("Arch",),
    "Bartosz": ("Bartek",),
    "Benjamin": ("Ben",),
    "Bethany": ("Beth",),
    "Bridget": ("Biddy",),
    "Callum": ("Cal",),
    "Charlotte": ("Lottie", "Charlie"),
    "Christopher": ("Chris",),
    "Chukwuemeka": ("Emeka",),
    "Daniel": ("Danny", "Dan"),
    "Elizabeth": ("Beth", "Lizzie"),
    "Francis": ("Frankie",),
    "Frederick": ("Freddie",),
    "Gabriela": ("Gabi",),
    "Isabella": ("Bella", "Izzy"),
    "Isabelle": ("Izzy",),
    "Jakub": ("Kuba",),
    "Jonathan": ("Jon",),
    "Joseph": ("Joe",),
    "Joshua": ("Josh",),
    "Katarzyna": ("Kasia",),
    "Kayden": ("Kay",),
    "Kayleigh": ("Kay",),
    "Małgorzata": ("Gosia",),
    "Matthew": ("Matt",),
    "Michael": ("Mike", "Mikey"),
    "Mohammed": ("Mo",),
    "Muhammad": ("Mo",),
    "Nathaniel": ("Nate",),
    "Nicholas": ("Nick",),
    "Oluwadamilola": ("Dami", "Lola"),
    "Oluwaseun": ("Seun",),
    "Oluwatobi": ("Tobi",),
    "Patrick": ("Paddy",),
    "Rebecca": ("Becky",),
    "Robert": ("Rob", "Bobby"),
    "Samantha": ("Sam",),
    "Samuel": ("Sam",),
    "Stephanie": ("Steph",),
    "Theodore": ("Teddy", "Theo"),
    "Thomas": ("Tom", "Tommy"),
    "Victoria": ("Vicky",),
    "William": ("Will", "Billy"),
    "Wojciech": ("Wojtek",),
    "Xiaoling": ("Lily",),
    "Zhiwei": ("Kevin",),
    "Zuzanna": ("Zuza",),
}

#: Well-known real people whose given name and surname appear in the lists above.
#: The generator never gives an invented person one of these names.
RESERVED_FULL_NAMES: frozenset[tuple[str, str]] = frozenset(
    {
        ("Tony", "Blair"),
        ("Gordon", "Brown"),
        ("Harry", "Kane"),
        ("Harry", "Styles"),
        ("Emma", "Watson"),
        ("Tom", "Jones"),
        ("Daniel", "Craig"),
        ("Jordan", "Henderson"),
        ("Raheem", "Sterling"),
        ("Lewis", "Hamilton"),
        ("David", "Bailey"),
        ("Michael", "Owen"),
        ("Gary", "Barlow"),
        ("Paul", "Scholes"),
        ("Wayne", "Rooney"),
        ("Mark", "Wright"),
        ("Ian", "Wright"),
        ("Robert", "Palmer"),
        ("Michael", "Jackson"),
        ("Janet", "Jackson"),
        ("Steven", "Gerrard"),
        ("Tom", "Daley"),
        ("Jessica", "Ennis"),
        ("Adam", "Peaty"),
        ("Ed", "Sheeran"),
        ("Amy", "Winehouse"),
        ("Stephen", "Fry"),
        ("Ian", "Botham"),
        ("David", "Walliams"),
        ("Victoria", "Beckham"),
        ("John", "Major"),
        ("Theresa", "May"),
        ("Harold", "Wilson"),
        ("Boris", "Johnson"),
        ("Mo", "Farah"),
        ("Mohamed", "Farah"),
        ("Mohamed", "Salah"),
        ("Sadiq", "Khan"),
        ("Imran", "Khan"),
        ("Amir", "Khan"),
        ("Shah", "Rukh"),
        ("Priti", "Patel"),
        ("David", "Lammy"),
        ("Trevor", "McDonald"),
        ("Marcus", "Rashford"),
        ("Andrew", "Marr"),
        ("John", "Lewis"),
        ("Joe", "Cole"),
        ("Ashley", "Cole"),
        ("Andy", "Cole"),
        ("Cheryl", "Cole"),
        ("Peter", "Kay"),
        ("David", "Davies"),
        ("Stephen", "Hawking"),
        ("Michael", "Palin"),
        ("Jack", "Wilson"),
        ("James", "Martin"),
        ("Chris", "Evans"),
        ("Christopher", "Evans"),
        ("Michael", "Ball"),
        ("Rebecca", "Adlington"),
        ("Ryan", "Giggs"),
        ("Paul", "Robinson"),
        ("Daniel", "Sturridge"),
        ("Jamie", "Vardy"),
        ("James", "Milner"),
        ("Andy", "Murray"),
        ("Judy", "Murray"),
        ("Emma", "Bunton"),
        ("Mel", "Brown"),
        ("Michael", "Carrick"),
        ("Keir", "Starmer"),
        ("Rishi", "Sunak"),
        ("Li", "Na"),
        ("Jackie", "Chan"),
        ("Bruce", "Lee"),
        ("Jet", "Li"),
        ("Ang", "Lee"),
        ("Yao", "Ming"),
        ("Ilhan", "Omar"),
        ("Robert", "Moore"),
        ("Bobby", "Moore"),
        ("Roger", "Moore"),
        ("Demi", "Moore"),
        ("Gary", "Lineker"),
        ("Kevin", "Keegan"),
        ("Anthony", "Joshua"),
        ("Tyson", "Fury"),
        ("Kelly", "Holmes"),
        ("Eamonn", "Holmes"),
        ("Chris", "Martin"),
        ("George", "Michael"),
        ("Elton", "John"),
        ("Elizabeth", "Taylor"),
        ("Roger", "Taylor"),
        ("Phil", "Taylor"),
        ("Emily", "Thompson"),
        ("Daley", "Thompson"),
        ("Emma", "Thompson"),
        ("Kenneth", "Clarke"),
        ("Charles", "Clarke"),
        ("Matt", "Smith"),
        ("Delia", "Smith"),
        ("Will", "Smith"),
        ("Robert", "Smith"),
        ("Sam", "Smith"),
        ("Jacqui", "Smith"),
        ("John", "Smith"),
        ("Gavin", "Williamson"),
        ("Robbie", "Williams"),
        ("Serena", "Williams"),
        ("Rowan", "Williams"),
        ("Kenneth", "Williams"),
        ("Alan", "Johnson"),
        ("Jodie", "Whittaker"),
        ("Craig", "David"),
        ("Alan", "Shearer"),
        ("Joanne", "Rowling"),
        ("Tom", "Holland"),
        ("Jools", "Holland"),
        ("Peter", "Andre"),
        ("Jason", "Donovan"),
        ("Ryan", "Mason"),
        ("Ben", "Stokes"),
        ("Joe", "Root"),
        ("Stuart", "Broad"),
        ("Jonny", "Wilkinson"),
        ("Paul", "Walker"),
        ("Kyle", "Walker"),
        ("Theo", "Walcott"),
        ("Callum", "Wilson"),
        ("Jordan", "Pickford"),
        ("Dean", "Henderson"),
        ("Mason", "Mount"),
        ("Declan", "Rice"),
        ("Jack", "Grealish"),
        ("Bukayo", "Saka"),
        ("Luke", "Shaw"),
        ("Harry", "Maguire"),
        ("John", "Stones"),
        ("Aaron", "Ramsdale"),
    }
)


#: First words of invented street names, and the endings they take ("Road", "Close"...).
STREET_STEMS = _words("""
    Orchard Victoria Station Church Park Mill Chapel Albert Queens Kings Grange Manor
    Meadow Willow Beech Elm Oak Ash Cedar Holly Rose Priory Abbey Harbour Marina Dock
    Ferry Estuary Newland Spring Brook Cherry Hawthorn Laburnum Sycamore Rowan Linden
    Fern Primrose Bluebell Heather Foxglove Kestrel Heron Curlew Lapwing Skylark
    Swallow Wren Moorland Fieldside Riverside Westfield Eastfield Northfield Southfield
    Greenway Carr Wold Ings Marsh Sandpiper Trawler Whaler Lighthouse Jetty Salthouse
    Cranbrook Ashby Bramley Copper Beacon Foundry Tannery Ropery Lime Maple Larch
    Poplar Juniper Magnolia Clover Thistle Bracken Aspen Alder Hazel Rosemary Chestnut
    Lavender Goldcrest Plover Avocet Bittern Swift Martin Osprey Falcon Merlin Cormorant
""")
STREET_ENDINGS = _words("""
    Road Street Avenue Close Grove Lane Drive Way Court Gardens Crescent Terrace Walk
    Place Mews View Garth Rise Vale Square
""")
